#include "core/atomic_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace tmsnav {

namespace {
void fsyncPath(const std::string& path, int flags) {
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

// "dir/name.nii.gz" -> "dir/.name.tmp<pid>.nii.gz": same directory, same extension chain.
std::string temporarySibling(const std::filesystem::path& p) {
  const std::string name = p.filename().string();
  const size_t dot = name.find('.', 1);
  const std::string stem = dot == std::string::npos ? name : name.substr(0, dot);
  const std::string ext = dot == std::string::npos ? "" : name.substr(dot);
  return (p.parent_path() / ("." + stem + ".tmp" + std::to_string(::getpid()) + ext)).string();
}
}  // namespace

Result<Done> replaceAtomically(const std::string& path,
                               const std::function<std::string(const std::string& tmp)>& write) {
  const std::filesystem::path target(path);
  const std::string tmp = temporarySibling(target);
  const std::string error = write(tmp);
  std::error_code ec;
  if (!error.empty()) {
    std::filesystem::remove(tmp, ec);
    return Error{error};
  }
  fsyncPath(tmp, O_RDONLY);
  std::filesystem::rename(tmp, target, ec);
  if (ec) {
    std::filesystem::remove(tmp, ec);
    return Error{"cannot write " + path + ": " + ec.message()};
  }
  const auto dir = target.parent_path().empty() ? std::filesystem::path(".") : target.parent_path();
  fsyncPath(dir.string(), O_RDONLY | O_DIRECTORY);
  return Done{};
}

Result<Done> writeTextAtomically(const std::string& path, const std::string& text) {
  return replaceAtomically(path, [&](const std::string& tmp) -> std::string {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out) return "cannot write " + path + ": " + std::strerror(errno);
    return {};
  });
}

}  // namespace tmsnav
