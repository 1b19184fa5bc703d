#pragma once
// What the benchmarks share to run programs (tmsnav and the peers) and to report peers:
// a child's wall time and peak memory, medians, and ratios from the same run only.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace tmsnav::bench {

struct ChildRun {
  bool ok = false;  // exited with 0
  double seconds = 0.0;
  long peak_rss_kb = 0;
};

// Runs argv[0] (a path, not looked up) with stdout and stderr discarded.
ChildRun runChild(const std::vector<std::string>& argv);

// The median wall time of `repeats` runs of argv, `before` called ahead of each run
// (outside the timing); unset when a run fails.
std::optional<double> medianSeconds(const std::vector<std::string>& argv, int repeats,
                                    const std::function<void()>& before = {});

// The tmsnav built beside this benchmark.
std::string tmsnavExe();

// The path of a program on PATH, if installed.
std::optional<std::string> installed(const std::string& program);

double median(std::vector<double> v);

// A peer measured in this run on the same file, or not installed: a ratio is printed only
// from figures of the same run, never against a constant from another day or machine.
nlohmann::json peerJson(const std::string& name, std::optional<double> peer_s, double ours_s);

}  // namespace tmsnav::bench
