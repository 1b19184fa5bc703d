// The real app under its own Xvfb, the simulated tracker at 200 Hz, Colin27 (issue 14):
// how fast the technician's view draws alone, how slow its worst frames are beside the
// 3-D view, the oldest pose it shows there, and the 3-D view's rate with the coil moving
// (lighter scalp) and with the coil still (full detail, camera turning), all with the live
// E-field map computing beside them (issue 29). One JSON line.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include <unistd.h>

#include <nlohmann/json.hpp>

namespace {
constexpr double kMeasureS = 6.0;

nlohmann::json read(const std::string& path) {
  std::ifstream in(path);
  auto state = nlohmann::json::parse(in);
  auto view = state["view"];
  view["efield"] = state["efield"];  // the live map, running beside (issue 29)
  return view;
}
}  // namespace

int main(int argc, char** argv) {
  const std::string mri = argc > 1 ? argv[1] : "/usr/share/mricron/templates/ch2.nii.gz";
  const std::string app = std::filesystem::path(argv[0]).parent_path() / "tmsnav";
  const auto dir =
      std::filesystem::temp_directory_path() / ("tmsnav-bench-gui-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string d = dir.string();
  const std::string m = std::to_string(kMeasureS);
  std::ofstream(d + "/bench.script")
      << "wait_ready 120\nset_target mni:-38,44,26\nsimulation_rate 200\nstart_simulation\n"
      << "wait_state on_target 60\n"
      << "technician_view 1\nsleep 1\nstats_reset\nsleep " << m << "\nwrite_state " << d
      << "/alone.json\n"
      << "layout guiding\nsleep 1\nstats_reset\nsleep " << m << "\nwrite_state " << d
      << "/moving.json\n"
      << "stop_tracking\nlayout planning\nspin_scene 1\nsleep 1\nstats_reset\nsleep " << m
      << "\nwrite_state " << d << "/still.json\nspin_scene 0\nquit\n";
  const std::string cmd = "'" + app + "' '" + mri + "' --xvfb --session-dir '" + d +
                          "/sessions' --script '" + d + "/bench.script' > '" + d + "/app.log' 2>&1";
  if (std::system(cmd.c_str()) != 0) {
    std::cerr << "error: the app failed; see " << d << "/app.log\n";
    return 1;
  }
  const auto alone = read(d + "/alone.json"), moving = read(d + "/moving.json"),
             still = read(d + "/still.json");
  nlohmann::json out = {{"bench", "gui"},
                        {"mri", mri},
                        {"tracker_hz", 200},
                        {"technician_view_fps", alone["ui_fps"]},
                        {"technician_frame_ms_p50", alone["ui_frame_ms_p50"]},
                        {"technician_frame_ms_p99", alone["ui_frame_ms_p99"]},
                        {"technician_frame_ms_p99_beside_scene", moving["ui_frame_ms_p99"]},
                        {"technician_pose_age_ms_max", moving["aim_pose_age_ms_max"]},
                        {"scene_fps_moving", moving["scene_fps"]},
                        {"scene_fps_still", still["scene_fps"]},
                        // The live E-field map runs whenever the coil is tracked on a
                        // patient with a brain model: every figure above is with it.
                        {"technician_view_fps_with_efield", alone["ui_fps"]},
                        {"efield_maps_in_app", moving["efield"]["maps_published"]},
                        {"efield_poses_dropped_in_app", moving["efield"]["poses_dropped"]},
                        {"efield_map_ms_in_app", moving["efield"]["compute_ms"]},
                        {"measured_s_each", kMeasureS}};
  std::cout << out.dump() << std::endl;
  std::filesystem::remove_all(dir);
  return 0;
}
