#include "bench/bench_process.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

namespace tmsnav::bench {

ChildRun runChild(const std::vector<std::string>& argv) {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const auto t0 = std::chrono::steady_clock::now();
  const pid_t pid = fork();
  if (pid == 0) {
    const int null = open("/dev/null", O_WRONLY);
    dup2(null, STDOUT_FILENO);
    dup2(null, STDERR_FILENO);
    execv(args[0], args.data());
    _exit(127);
  }
  ChildRun run;
  int status = 0;
  rusage usage{};
  if (pid < 0 || wait4(pid, &status, 0, &usage) != pid) return run;
  run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  run.peak_rss_kb = usage.ru_maxrss;
  run.ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
  return run;
}

std::optional<double> medianSeconds(const std::vector<std::string>& argv, int repeats,
                                    const std::function<void()>& before) {
  std::vector<double> s;
  for (int i = 0; i < repeats; ++i) {
    if (before) before();
    const ChildRun run = runChild(argv);
    if (!run.ok) return std::nullopt;
    s.push_back(run.seconds);
  }
  return median(s);
}

std::string tmsnavExe() {
  return (std::filesystem::read_symlink("/proc/self/exe").parent_path() / "tmsnav").string();
}

std::optional<std::string> installed(const std::string& program) {
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "/usr/bin:/bin";
  size_t start = 0;
  while (start <= dirs.size()) {
    const size_t end = std::min(dirs.find(':', start), dirs.size());
    const auto candidate = std::filesystem::path(dirs.substr(start, end - start)) / program;
    if (access(candidate.c_str(), X_OK) == 0) return candidate.string();
    start = end + 1;
  }
  return std::nullopt;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

nlohmann::json peerJson(const std::string& name, std::optional<double> peer_s, double ours_s) {
  nlohmann::json j = {{"name", name}, {"measured_here", peer_s.has_value()}};
  if (!peer_s) return j;
  j["seconds"] = *peer_s;
  j["ratio"] = ours_s / *peer_s;  // tmsnav's time over the peer's
  return j;
}

}  // namespace tmsnav::bench
