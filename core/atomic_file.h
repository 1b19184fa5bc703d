#pragma once
// Output files are replaced atomically: written to a temporary sibling, fsynced, renamed.
// A reader sees the old file or the new one, never half of one.
#include <functional>
#include <string>

#include "core/result.h"

namespace tmsnav {

// `write` receives a temporary path in the same directory (keeping the file's extension,
// which some writers use to pick a format) and returns an error message or empty.
Result<Done> replaceAtomically(const std::string& path,
                               const std::function<std::string(const std::string& tmp)>& write);

Result<Done> writeTextAtomically(const std::string& path, const std::string& text);

}  // namespace tmsnav
