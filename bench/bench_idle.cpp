// The real app's CPU use under its own Xvfb at 1280x800 with Colin27 loaded (issue 31):
// idle (no input, no tracker, no job) and with the simulated coil tracked. Each figure is
// the app's CPU time (all its threads, from the app's own clock) over the wall time of
// kMeasureS seconds without input, as a percentage of one core. One JSON line.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include <unistd.h>

#include <nlohmann/json.hpp>

namespace {
constexpr double kMeasureS = 20.0;
constexpr double kSettleS = 2.0;  // after loading or reaching the target, before measuring

nlohmann::json read(const std::string& path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in)["view"];
}

// CPU over wall between two write_state snapshots, in % of one core.
double cpuPct(const nlohmann::json& a, const nlohmann::json& b) {
  const double wall = b["wall_s"].get<double>() - a["wall_s"].get<double>();
  return 100.0 * (b["process_cpu_s"].get<double>() - a["process_cpu_s"].get<double>()) / wall;
}

nlohmann::json frames(const nlohmann::json& a, const nlohmann::json& b) {
  return {{"ui", b["ui_frames"].get<long>() - a["ui_frames"].get<long>()},
          {"scene", b["scene_frames"].get<long>() - a["scene_frames"].get<long>()}};
}
}  // namespace

int main(int argc, char** argv) {
  const std::string mri = argc > 1 ? argv[1] : "/usr/share/mricron/templates/ch2.nii.gz";
  const std::string app = std::filesystem::path(argv[0]).parent_path() / "tmsnav";
  const auto dir = std::filesystem::temp_directory_path() /
                   ("tmsnav-bench-idle-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string d = dir.string(), m = std::to_string(kMeasureS),
                    settle = std::to_string(kSettleS);
  std::ofstream(d + "/bench.script")
      << "wait_ready 120\nsleep " << settle << "\nwrite_state " << d << "/idle0.json\nsleep "
      << m << "\nwrite_state " << d << "/idle1.json\n"
      << "set_target mni:-38,44,26\nstart_simulation\nwait_state on_target 60\nsleep " << settle
      << "\nwrite_state " << d << "/track0.json\nsleep " << m << "\nwrite_state " << d
      << "/track1.json\nquit\n";
  const std::string cmd = "'" + app + "' '" + mri + "' --xvfb --session-dir '" + d +
                          "/sessions' --script '" + d + "/bench.script' > '" + d + "/app.log' 2>&1";
  if (std::system(cmd.c_str()) != 0) {
    std::cerr << "error: the app failed; see " << d << "/app.log\n";
    return 1;
  }
  const auto i0 = read(d + "/idle0.json"), i1 = read(d + "/idle1.json"),
             t0 = read(d + "/track0.json"), t1 = read(d + "/track1.json");
  const nlohmann::json out = {{"bench", "idle"},
                              {"mri", mri},
                              {"window", "1280x800"},
                              {"measured_s_each", kMeasureS},
                              {"idle_cpu_pct", cpuPct(i0, i1)},
                              {"idle_frames", frames(i0, i1)},
                              {"tracking_cpu_pct", cpuPct(t0, t1)},
                              {"tracking_frames", frames(t0, t1)}};
  std::cout << out.dump() << std::endl;
  std::filesystem::remove_all(dir);
  return 0;
}
