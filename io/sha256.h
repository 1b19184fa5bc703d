#pragma once
#include <string>

#include "core/result.h"

namespace tmsnav {

// Hex SHA-256 of a file's bytes (OpenSSL), to tie a plan to the exact MRI it was made on.
Result<std::string> sha256File(const std::string& path);

}  // namespace tmsnav
