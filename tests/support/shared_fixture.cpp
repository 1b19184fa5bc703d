#include "tests/support/shared_fixture.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <sstream>

namespace tmsnav::test {

namespace fs = std::filesystem;

namespace {

// Size and modification time (ns): changes whenever the linker writes the file again.
std::string stamp(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return "missing";
  std::ostringstream s;
  s << std::hex << st.st_size << "." << st.st_mtim.tv_sec << "." << st.st_mtim.tv_nsec;
  return s.str();
}

std::string key(const std::string& name, const std::vector<std::string>& inputs) {
  std::string all = stamp(tmsnavBinary()) + "/" + stamp("/proc/self/exe");
  for (const auto& input : inputs) all += "/" + input + ":" + stamp(input);
  std::ostringstream s;
  s << name << "-" << std::hex << std::hash<std::string>{}(all);
  return s.str();
}

// Folders of `name` made by other builds, and halves left by a process that died while
// making it (the caller holds the lock): removed, so that runs do not fill the disk.
void removeOthers(const fs::path& root, const std::string& name, const std::string& keep) {
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(root, ec)) {
    const std::string f = e.path().filename().string();
    if (f.rfind(name + "-", 0) == 0 && f != keep) fs::remove_all(e.path(), ec);
  }
}

// An exclusive lock on a file, released when the object goes (or the process dies).
class FileLock {
 public:
  explicit FileLock(const fs::path& path) : fd_(::open(path.c_str(), O_CREAT | O_RDWR, 0644)) {
    if (fd_ >= 0) ::flock(fd_, LOCK_EX);
  }
  ~FileLock() {
    if (fd_ >= 0) ::close(fd_);
  }
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

 private:
  int fd_;
};

}  // namespace

std::string sharedFixture(const std::string& name, const std::vector<std::string>& inputs,
                          const std::function<void(const std::string& dir)>& make) {
  const fs::path root = TMSNAV_SHARED_FIXTURES;
  fs::create_directories(root);
  const std::string k = key(name, inputs);
  const fs::path done = root / k;
  FileLock lock(root / (name + ".lock"));
  if (fs::exists(done / ".complete")) return done.string();
  removeOthers(root, name, k);
  const fs::path work = root / (k + ".making-" + std::to_string(::getpid()));
  fs::remove_all(work);
  fs::create_directories(work);
  make(work.string());
  if (::testing::Test::HasFatalFailure()) return work.string();
  writeFile((work / ".complete").string(), "");
  fs::rename(work, done);
  return done.string();
}

void saveResult(const std::string& dir, const std::string& name, const CommandResult& r) {
  writeFile(dir + "/" + name + ".exit", std::to_string(r.exit_code));
  writeFile(dir + "/" + name + ".out", r.out);
  writeFile(dir + "/" + name + ".err", r.err);
}

CommandResult loadResult(const std::string& dir, const std::string& name) {
  CommandResult r;
  const std::string code = readFile(dir + "/" + name + ".exit");
  r.exit_code = code.empty() ? -1 : std::stoi(code);
  r.out = readFile(dir + "/" + name + ".out");
  r.err = readFile(dir + "/" + name + ".err");
  return r;
}

}  // namespace tmsnav::test
