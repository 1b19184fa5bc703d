#pragma once
// Drives the app from a text script, one command per line, through the same commands a
// user's clicks produce. Used by GUI tests and demos. Verbs:
//   wait_ready SECONDS | set_target ras:X,Y,Z | click_view FX FY | start_simulation |
//   stop_tracking | wait_state STATE SECONDS | sleep SECONDS | screenshot PATH |
//   write_state PATH | load PATH |
//   wait_workflow empty|loading|ready|failed SECONDS | start_igtl HOST:PORT |
//   start_replay FILE SPEED | show_scalp 0|1 | scalp_depth 0|1 | cancel_load | compare |
//   select_target N (1-based) | set_landmark nasion|inion|lpa|rpa X Y Z (RAS) |
//   register_simulated SEED | load_registration FILE | wait_registration SECONDS |
//   start_wizard | wizard accept|redo|skip|finish|cancel | ask_checkpoint |
//   wait_wizard STEP PHASE SECONDS | save_registration FILE | save_study FILE |
//   open_study FILE | undo | redo | technician_view 0|1 |
//   layout planning|guiding|technician | quit
#include <optional>
#include <string>
#include <vector>

#include "app/gui/app_model.h"
#include "app/gui/ui_command.h"

namespace tmsnav {

struct ScriptLine {
  int number = 0;
  std::string verb;
  std::vector<std::string> args;
};

struct ScriptOutcome {
  std::vector<UiCommand> commands;
  std::optional<std::string> screenshot;  // take after this frame is drawn
  std::optional<int> exit_code;           // stop the app with this code
};

class ScriptRunner {
 public:
  static Result<ScriptRunner> load(const std::string& path);
  ScriptOutcome step(const AppModel& model, double now_s);

 private:
  ScriptOutcome fail(const ScriptLine& line, const std::string& why);

  std::vector<ScriptLine> lines_;
  size_t next_ = 0;
  std::optional<double> waiting_since_s_;
};

}  // namespace tmsnav
