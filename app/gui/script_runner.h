#pragma once
// Drives the app from a text script, one command per line, through the same commands a
// user's clicks produce. Used by GUI tests and demos. Verbs:
//   wait_ready SECONDS | set_target ras:X,Y,Z | click_view FX FY | start_simulation |
//   stop_tracking | wait_state STATE SECONDS | sleep SECONDS | screenshot PATH |
//   write_state PATH | load PATH | load_oriented PATH auto|header|anatomy |
//   wait_workflow empty|loading|ready|failed SECONDS | start_igtl HOST:PORT |
//   start_replay FILE SPEED | show_scalp 0|1 | scalp_depth 0|1 | cancel_load | compare |
//   select_target N (1-based) | set_landmark nasion|inion|lpa|rpa X Y Z (RAS) |
//   register_simulated SEED | load_registration FILE | wait_registration SECONDS |
//   start_wizard | wizard accept|redo|skip|finish|cancel | ask_checkpoint |
//   wait_wizard STEP PHASE SECONDS | save_registration FILE | save_study FILE |
//   open_study FILE | undo | redo | technician_view 0|1 |
//   layout planning|guiding|technician | freeze_scene SECONDS (test hook: the 3-D
//   view's thread blocks) | silence_tracker (test hook: the simulated tracker stops
//   sending, as an unplugged device does) | simulation_rate HZ | stats_reset |
//   spin_scene 0|1 (benchmarks) | browse FOLDER | window_size W H | wait_file PATH SECONDS (tests
//   that drive the window from outside: go on once PATH exists) | stimulation PCT (the next
//   session's intensity, %MSO) | wait_efield SECONDS (the live E-field map is shown) |
//   view target|front|left|right|top|coil|follow (the 3-D view's named views) |
//   m1_hand_knob (plan the M1 preset as the dose's M1 target) | panel_width PX (as dragging
//   the left panel's grip, remembered) | quit
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/gui/app_model.h"
#include "app/gui/ui_command.h"

namespace tmsnav {

struct ScriptLine {
  int number = 0;
  std::string verb;
  std::vector<std::string> args;
};

// What the window (not the model) is doing, for scripts that must wait on it.
struct ViewState {
  int picks_pending = 0;  // clicks in the 3-D view whose answer has not come back yet
  bool scene_frozen = false;
  std::uint64_t scene_frames = 0;  // 3-D frames rendered so far
  std::uint64_t ui_frames = 0;     // window frames drawn so far
  std::uint64_t ui_wakes = 0;      // times the frame loop woke (a drawn frame or not)
  double process_cpu_s = 0.0;      // the app's CPU time, all threads (benchmarks)
  double wall_s = 0.0;             // the monotonic clock it is measured against
  std::string layout;
  // Since the last stats_reset (benchmarks): UI frame times, 3-D frames per second, the
  // oldest pose the technician's view showed.
  double ui_frame_ms_p50 = 0.0, ui_frame_ms_p99 = 0.0, ui_fps = 0.0, scene_fps = 0.0;
  double aim_pose_age_ms_max = 0.0;
  nlohmann::json technician;  // the technician's view as last drawn (state_json.h)
  bool quit_asked = false;     // "Quit tmsnav?" is showing
  nlohmann::json camera;       // the 3-D view's camera as last drawn (RAS mm)
  nlohmann::json coil;         // the coils as last drawn: mesh bounds (coil frame), looks
  nlohmann::json panel;        // the left panel: width, the RAS/MNI fields, the slices' rects
};

struct ScriptOutcome {
  std::vector<UiCommand> commands;
  std::optional<std::string> screenshot;           // take after this frame is drawn
  std::optional<int> exit_code;                    // stop the app with this code
  std::optional<double> freeze_scene_s;            // test hook: block the 3-D view's thread
  bool stats_reset = false;                        // benchmarks: start measuring now
  std::optional<bool> spin_scene;                  // benchmarks: turn the camera every frame
  std::optional<std::string> browse;               // open the file browser in this folder
  std::optional<std::pair<int, int>> window_size;  // resize the window (screenshot checks)
  std::optional<float> panel_width;                // as dragging the left panel's grip
};

class ScriptRunner {
 public:
  static Result<ScriptRunner> load(const std::string& path);
  ScriptOutcome step(const AppModel& model, const ViewState& view, double now_s);
  // How long the frame loop may sleep before the script needs another step: 0 when the
  // next line runs now, the rest of a sleep, a short poll while a wait_* line waits,
  // infinity once the script is done. The loop never sleeps longer than its heartbeat.
  double idleForS(double now_s) const;

 private:
  ScriptOutcome fail(const ScriptLine& line, const std::string& why);

  std::vector<ScriptLine> lines_;
  size_t next_ = 0;
  std::optional<double> waiting_since_s_;
  bool awaiting_pick_ = false;  // click_view: the next line waits for its answer
};

}  // namespace tmsnav
