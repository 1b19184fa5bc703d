#pragma once
#include <string>
#include <utility>

#include "core/result.h"

namespace tmsnav {

// "HOST:PORT" as typed by a user (CLI --igtl, the app's tracking panel).
Result<std::pair<std::string, int>> parseHostPort(const std::string& text);

}  // namespace tmsnav
