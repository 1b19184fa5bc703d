#include "core/atomic_file.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>

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
struct SiblingName {
  std::string prefix;  // ".name.tmp"
  std::string ext;     // ".nii.gz"
};
SiblingName siblingName(const std::filesystem::path& p) {
  const std::string name = p.filename().string();
  const size_t dot = name.find('.', 1);
  const std::string stem = dot == std::string::npos ? name : name.substr(0, dot);
  return {"." + stem + ".tmp", dot == std::string::npos ? "" : name.substr(dot)};
}

std::string temporarySibling(const std::filesystem::path& p) {
  const SiblingName n = siblingName(p);
  return (p.parent_path() / (n.prefix + std::to_string(::getpid()) + n.ext)).string();
}

// Crash-safety tests (issue 28) kill a real writer at each step of a write, not only at
// moments a timer happens to hit. TMSNAV_TEST_KILL_AT="NAME:N:STEP" makes the process
// SIGKILL itself at STEP of its N-th write (from 1) of a file whose name contains NAME.
// STEP: "half" (half of the text in the temporary file), "written" (all of it, before the
// fsync), "synced" (before the rename), "renamed" (before the folder's fsync). Unset in
// normal use: one getenv per file written.
struct KillSpec {
  std::string name, step;
  int nth = 0;
};
std::optional<KillSpec> killSpec() {
  const char* spec = std::getenv("TMSNAV_TEST_KILL_AT");
  if (!spec) return std::nullopt;
  const std::string s(spec);
  const size_t a = s.find(':'), b = s.rfind(':');
  if (a == std::string::npos || a == b) return std::nullopt;
  return KillSpec{s.substr(0, a), s.substr(b + 1), std::atoi(s.c_str() + a + 1)};
}
// The number of this write among the writes of files the spec names (0: none asked).
int killCount(const std::filesystem::path& target) {
  static std::atomic<int> writes{0};
  const auto spec = killSpec();
  if (!spec || target.filename().string().find(spec->name) == std::string::npos) return 0;
  return ++writes;
}
thread_local int current_write = 0;  // killCount of the write in progress on this thread
void killPoint(const char* step) {
  if (current_write == 0) return;
  const auto spec = killSpec();
  if (spec && spec->nth == current_write && spec->step == step) ::raise(SIGKILL);
}

// A writer killed between its write and its rename (kill -9, a power cut) leaves its
// temporary sibling behind. Never read (another name, hidden), but it would pile up: the
// next writer of the same file removes those whose process no longer exists. (A writer in
// another PID namespace looks dead from here; two namespaces writing one file at the same
// moment is not a case tmsnav has.)
void removeStaleSiblings(const std::filesystem::path& target) {
  const SiblingName n = siblingName(target);
  const auto dir = target.parent_path().empty() ? std::filesystem::path(".") : target.parent_path();
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.size() <= n.prefix.size() + n.ext.size() || name.rfind(n.prefix, 0) != 0 ||
        name.compare(name.size() - n.ext.size(), n.ext.size(), n.ext) != 0)
      continue;
    const std::string digits =
        name.substr(n.prefix.size(), name.size() - n.prefix.size() - n.ext.size());
    if (digits.empty() || digits.size() > 9 ||
        digits.find_first_not_of("0123456789") != std::string::npos)
      continue;
    const pid_t pid = static_cast<pid_t>(std::stol(digits));
    if (pid != ::getpid() && ::kill(pid, 0) == -1 && errno == ESRCH)
      std::filesystem::remove(entry.path(), ec);
  }
}
}  // namespace

Result<Done> replaceAtomically(const std::string& path,
                               const std::function<std::string(const std::string& tmp)>& write) {
  const std::filesystem::path target(path);
  const std::string tmp = temporarySibling(target);
  current_write = killCount(target);
  const std::string error = write(tmp);
  killPoint("written");
  std::error_code ec;
  if (!error.empty()) {
    std::filesystem::remove(tmp, ec);
    return Error{error};
  }
  fsyncPath(tmp, O_RDONLY);
  killPoint("synced");
  std::filesystem::rename(tmp, target, ec);
  if (ec) {
    std::filesystem::remove(tmp, ec);
    return Error{"cannot write " + path + ": " + ec.message()};
  }
  killPoint("renamed");
  const auto dir = target.parent_path().empty() ? std::filesystem::path(".") : target.parent_path();
  fsyncPath(dir.string(), O_RDONLY | O_DIRECTORY);
  removeStaleSiblings(target);
  return Done{};
}

Result<Done> writeTextAtomically(const std::string& path, const std::string& text) {
  return replaceAtomically(path, [&](const std::string& tmp) -> std::string {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(text.data(), static_cast<std::streamsize>(text.size() / 2)).flush();
    killPoint("half");
    out << text.substr(text.size() / 2);
    out.close();
    if (!out) return "cannot write " + path + ": " + std::strerror(errno);
    return {};
  });
}

}  // namespace tmsnav
