#include "app/gui/script_runner.h"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <limits>
#include <map>
#include <sstream>

#include "app/gui/state_json.h"
#include "core/atomic_file.h"
#include "core/coords.h"
#include "render/scene.h"

namespace tmsnav {

namespace {
// Each verb: how many arguments, and which of them must be numbers.
struct VerbSpec {
  size_t arity;
  std::vector<size_t> numeric;
};
const std::map<std::string, VerbSpec> kVerbs = {{"wait_ready", {1, {0}}},
                                                {"set_target", {1, {}}},
                                                {"click_view", {2, {0, 1}}},
                                                {"click_target", {1, {}}},
                                                {"start_simulation", {0, {}}},
                                                {"stop_tracking", {0, {}}},
                                                {"wait_state", {2, {1}}},
                                                {"sleep", {1, {0}}},
                                                {"screenshot", {1, {}}},
                                                {"write_state", {1, {}}},
                                                {"quit", {0, {}}},
                                                {"load", {1, {}}},
                                                {"load_oriented", {2, {}}},
                                                {"wait_workflow", {2, {1}}},
                                                {"start_igtl", {1, {}}},
                                                {"start_replay", {2, {1}}},
                                                {"show_scalp", {1, {0}}},
                                                {"scalp_depth", {1, {0}}},
                                                {"cancel_load", {0, {}}},
                                                {"compare", {0, {}}},
                                                {"select_target", {1, {0}}},
                                                {"set_landmark", {4, {1, 2, 3}}},
                                                {"register_simulated", {1, {0}}},
                                                {"load_registration", {1, {}}},
                                                {"wait_registration", {1, {0}}},
                                                {"start_wizard", {0, {}}},
                                                {"ask_checkpoint", {0, {}}},
                                                {"save_study", {1, {}}},
                                                {"open_study", {1, {}}},
                                                {"undo", {0, {}}},
                                                {"redo", {0, {}}},
                                                {"technician_view", {1, {0}}},
                                                {"layout", {1, {}}},
                                                {"freeze_scene", {1, {0}}},
                                                {"silence_tracker", {0, {}}},
                                                {"simulation_rate", {1, {0}}},
                                                {"stats_reset", {0, {}}},
                                                {"spin_scene", {1, {0}}},
                                                {"browse", {1, {}}},
                                                {"wait_file", {2, {1}}},
                                                {"window_size", {2, {0, 1}}},
                                                {"pulse", {0, {}}},
                                                {"stimulation", {1, {0}}},
                                                {"wait_efield", {1, {0}}},
                                                {"note", {1, {}}},
                                                {"course_report", {0, {}}},
                                                {"wait_course", {1, {0}}},
                                                {"save_course", {0, {}}},
                                                {"set_dose", {3, {0, 1, 2}}},
                                                {"wizard", {1, {}}},
                                                {"wait_wizard", {3, {2}}},
                                                {"save_registration", {1, {}}},
                                                {"view", {1, {}}},
                                                {"m1_hand_knob", {0, {}}},
                                                {"panel_width", {1, {0}}}};

const std::map<std::string, CameraView> kViews = {
    {"target", CameraView::Target}, {"front", CameraView::Front},
    {"left", CameraView::Left},     {"right", CameraView::Right},
    {"top", CameraView::Top},       {"coil", CameraView::DownCoil},
    {"follow", CameraView::FollowCoil}};

const std::map<std::string, int> kLayouts = {{"planning", 0}, {"guiding", 1}, {"technician", 2}};

const std::map<std::string, WizardCommand> kWizardCommands = {{"accept", WizardCommand::Accept},
                                                              {"redo", WizardCommand::Redo},
                                                              {"skip", WizardCommand::Skip},
                                                              {"finish", WizardCommand::FinishNow},
                                                              {"cancel", WizardCommand::Cancel}};

double number(const std::string& s) {
  return std::stod(s);
}
}  // namespace

Result<ScriptRunner> ScriptRunner::load(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Error{"cannot read script " + path};
  ScriptRunner r;
  std::string text;
  for (int n = 1; std::getline(in, text); ++n) {
    std::istringstream ss(text);
    ScriptLine line{n, {}, {}};
    if (!(ss >> line.verb) || line.verb[0] == '#') continue;
    for (std::string a; ss >> a;) line.args.push_back(a);
    if (line.verb == "note" && !line.args.empty()) {  // the rest of the line is the note
      std::string rest = text.substr(text.find("note") + 4);
      rest.erase(0, rest.find_first_not_of(" \t"));
      line.args = {rest};
    }
    const std::string where = path + ":" + std::to_string(n) + ": ";
    const auto spec = kVerbs.find(line.verb);
    if (spec == kVerbs.end()) return Error{where + "unknown verb " + line.verb};
    if (spec->second.arity != line.args.size())
      return Error{where + line.verb + " takes " + std::to_string(spec->second.arity) +
                   " arguments"};
    if (line.verb == "layout" && !kLayouts.count(line.args[0]))
      return Error{where + "layout takes planning, guiding or technician"};
    if (line.verb == "view" && !kViews.count(line.args[0]))
      return Error{where + "view takes target, front, left, right, top, coil or follow"};
    if (line.verb == "wizard" && !kWizardCommands.count(line.args[0]))
      return Error{where + "wizard takes accept, redo, skip, finish or cancel"};
    try {
      for (size_t i : spec->second.numeric) (void)number(line.args[i]);
    } catch (const std::exception&) {
      return Error{where + "expected a number"};
    }
    r.lines_.push_back(std::move(line));
  }
  return r;
}

ScriptOutcome ScriptRunner::fail(const ScriptLine& line, const std::string& why) {
  std::cerr << "error: script line " << line.number << " (" << line.verb << "): " << why
            << std::endl;
  ScriptOutcome o;
  o.exit_code = 1;
  return o;
}

double ScriptRunner::idleForS(double now_s) const {
  constexpr double kWaitPollS = 0.05;  // a wait_* line checks its condition this often
  if (next_ >= lines_.size()) return std::numeric_limits<double>::infinity();
  if (awaiting_pick_) return kWaitPollS;
  const ScriptLine& line = lines_[next_];
  if (line.verb == "sleep")
    return waiting_since_s_ ? std::max(0.0, *waiting_since_s_ + number(line.args[0]) - now_s)
                            : 0.0;
  if (line.verb.rfind("wait_", 0) == 0) return kWaitPollS;
  return 0.0;
}

ScriptOutcome ScriptRunner::step(const AppModel& model, const ViewState& view, double now_s) {
  constexpr double kPickTimeoutS = 30.0;
  ScriptOutcome o;
  // A click is answered by the 3-D view's thread: what follows it sees its result.
  if (awaiting_pick_) {
    if (view.picks_pending == 0) {
      awaiting_pick_ = false;
      waiting_since_s_.reset();
    } else {
      if (!waiting_since_s_) waiting_since_s_ = now_s;
      if (now_s - *waiting_since_s_ > kPickTimeoutS && next_ < lines_.size())
        return fail(lines_[next_], "the 3-D view never answered a click");
      return o;
    }
  }
  if (next_ >= lines_.size()) return o;
  const ScriptLine& line = lines_[next_];
  const auto& v = line.verb;
  auto done = [&] { ++next_, waiting_since_s_.reset(); };
  // Waits hold the script on this line until their condition or their timeout.
  auto wait = [&](bool condition, double timeout_s, const std::string& what) -> bool {
    if (condition) return done(), true;
    if (!waiting_since_s_) waiting_since_s_ = now_s;
    if (now_s - *waiting_since_s_ > timeout_s) o = fail(line, "timed out waiting for " + what);
    return false;
  };
  if (v == "wait_ready") {
    if (model.workflow() == Workflow::Failed) return fail(line, model.lastError());
    wait(model.workflow() == Workflow::Ready, number(line.args[0]), "the MRI");
  } else if (v == "wait_workflow") {
    wait(toString(model.workflow()) == line.args[0], number(line.args[1]), line.args[0]);
  } else if (v == "wait_state") {
    wait(toString(model.navigation().guidance.state) == line.args[0], number(line.args[1]),
         line.args[0]);
  } else if (v == "wait_registration") {
    if (model.registration().status() == RegistrationStatus::Failed)
      return fail(line, model.registration().error());
    wait(model.registration().status() == RegistrationStatus::Ready, number(line.args[0]),
         "the registration");
  } else if (v == "wait_wizard") {
    // STEP PHASE: pivot|coil|landmarks|sweep|checkpoint|done, collecting|solving|review.
    const RegistrationWizard* w = model.registration().wizard();
    if (!model.registration().error().empty()) return fail(line, model.registration().error());
    wait(w && toString(w->step()) == line.args[0] && toString(w->phase()) == line.args[1],
         number(line.args[2]),
         "the wizard's " + line.args[0] + " step, " + line.args[1] +
             (w ? std::string(" (now: ") + w->instruction() + "; " + w->problem() + ")"
                : std::string()));
  } else if (v == "wait_course") {
    if (model.course().status() == CourseStatus::Failed) return fail(line, model.course().error());
    wait(model.course().status() == CourseStatus::Ready, number(line.args[0]), "the course report");
  } else if (v == "wait_efield") {  // the live E-field map shown for the current pose
    wait(model.liveField().field != nullptr, number(line.args[0]),
         "the E-field map (" + model.liveField().why_not + ")");
  } else if (v == "wait_file") {
    std::error_code ec;
    wait(std::filesystem::exists(line.args[0], ec), number(line.args[1]), line.args[0]);
  } else if (v == "sleep") {
    if (!waiting_since_s_) waiting_since_s_ = now_s;
    if (now_s - *waiting_since_s_ >= number(line.args[0])) done();
  } else {
    if (v == "set_target") {
      o.commands.push_back(CmdSetTargetSpec{line.args[0]});
    } else if (v == "load") {
      o.commands.push_back(CmdLoadMri{line.args[0], ""});
    } else if (v == "load_oriented") {
      auto policy = parseOrientationPolicy(line.args[1]);
      if (!policy) return fail(line, policy.error());
      o.commands.push_back(CmdLoadMri{line.args[0], "", *policy});
    } else if (v == "click_view") {
      o.commands.push_back(CmdPickAt{number(line.args[0]), number(line.args[1])});
      awaiting_pick_ = true;
    } else if (v == "click_target") {
      if (line.args[0] != "scalp" && line.args[0] != "cortex")
        return fail(line, "click_target takes scalp or cortex");
      o.commands.push_back(CmdSetClickTarget{line.args[0] == "cortex"});
    } else if (v == "show_scalp") {
      o.commands.push_back(CmdShowScalp{number(line.args[0]) != 0.0});
    } else if (v == "scalp_depth") {
      o.commands.push_back(CmdScalpDepthColours{number(line.args[0]) != 0.0});
    } else if (v == "compare") {
      o.commands.push_back(CmdCompareDlpfc{});
    } else if (v == "select_target") {
      o.commands.push_back(CmdSelectTarget{static_cast<size_t>(number(line.args[0])) - 1});
    } else if (v == "set_landmark") {
      o.commands.push_back(CmdSetLandmark{
          line.args[0],
          Eigen::Vector3d(number(line.args[1]), number(line.args[2]), number(line.args[3]))});
    } else if (v == "cancel_load") {
      o.commands.push_back(CmdCancelLoad{});
    } else if (v == "start_simulation") {
      o.commands.push_back(CmdStartSimulation{});
    } else if (v == "start_igtl") {
      o.commands.push_back(CmdStartIgtl{line.args[0]});
    } else if (v == "start_replay") {
      o.commands.push_back(CmdStartReplay{line.args[0], number(line.args[1]), false});
    } else if (v == "register_simulated") {
      o.commands.push_back(
          CmdRegisterSimulated{static_cast<unsigned long long>(number(line.args[0]))});
    } else if (v == "load_registration") {
      o.commands.push_back(CmdLoadRegistration{line.args[0]});
    } else if (v == "start_wizard") {
      o.commands.push_back(CmdStartWizard{});
    } else if (v == "save_study") {
      o.commands.push_back(CmdSaveStudy{line.args[0]});
    } else if (v == "open_study") {
      o.commands.push_back(CmdOpenStudy{line.args[0]});
    } else if (v == "undo") {
      o.commands.push_back(CmdUndo{});
    } else if (v == "redo") {
      o.commands.push_back(CmdRedo{});
    } else if (v == "technician_view") {
      o.commands.push_back(CmdSetLayout{number(line.args[0]) != 0.0 ? 2 : 0});
    } else if (v == "m1_hand_knob") {
      o.commands.push_back(CmdPlanM1HandKnob{});
    } else if (v == "view") {
      o.commands.push_back(CmdSetView{static_cast<int>(kViews.at(line.args[0]))});
    } else if (v == "layout") {
      o.commands.push_back(CmdSetLayout{kLayouts.at(line.args[0])});
    } else if (v == "freeze_scene") {
      o.freeze_scene_s = number(line.args[0]);
    } else if (v == "simulation_rate") {
      o.commands.push_back(CmdSimulationRate{number(line.args[0])});
    } else if (v == "stats_reset") {
      o.stats_reset = true;
    } else if (v == "pulse") {
      o.commands.push_back(CmdPulse{});
    } else if (v == "stimulation") {
      StimulationSettings st = model.stimulation();
      st.intensity_pct_mso = number(line.args[0]);
      o.commands.push_back(CmdSetStimulation{st});
    } else if (v == "note") {
      o.commands.push_back(CmdNote{line.args[0]});
    } else if (v == "course_report") {
      o.commands.push_back(CmdRefreshCourse{});
    } else if (v == "save_course") {
      o.commands.push_back(CmdSaveCourse{});
    } else if (v == "set_dose") {
      o.commands.push_back(CmdSetDose{
          {number(line.args[0]), static_cast<int>(number(line.args[1])), number(line.args[2])}});
    } else if (v == "browse") {
      o.browse = line.args[0];
    } else if (v == "spin_scene") {
      o.spin_scene = number(line.args[0]) != 0.0;
    } else if (v == "silence_tracker") {
      o.commands.push_back(CmdSilenceTracker{});
    } else if (v == "ask_checkpoint") {
      o.commands.push_back(CmdAskCheckpoint{});
    } else if (v == "wizard") {
      o.commands.push_back(CmdWizard{kWizardCommands.at(line.args[0])});
    } else if (v == "save_registration") {
      o.commands.push_back(CmdSaveRegistration{line.args[0]});
    } else if (v == "stop_tracking") {
      o.commands.push_back(CmdStopTracking{});
    } else if (v == "screenshot") {
      o.screenshot = line.args[0];
    } else if (v == "write_state") {
      nlohmann::json state = stateJson(model);
      state["view"] = {{"layout", view.layout},
                       {"scene_frozen", view.scene_frozen},
                       {"scene_frames", view.scene_frames},
                       {"ui_frames", view.ui_frames},
                       {"ui_wakes", view.ui_wakes},
                       {"process_cpu_s", view.process_cpu_s},
                       {"wall_s", view.wall_s},
                       {"ui_frame_ms_p50", view.ui_frame_ms_p50},
                       {"ui_frame_ms_p99", view.ui_frame_ms_p99},
                       {"ui_fps", view.ui_fps},
                       {"scene_fps", view.scene_fps},
                       {"aim_pose_age_ms_max", view.aim_pose_age_ms_max},
                       {"technician", view.technician},
                       {"quit_asked", view.quit_asked},
                       {"camera", view.camera},
                       {"coil", view.coil},
                       {"panel", view.panel}};
      if (auto w = writeTextAtomically(line.args[0], state.dump(2) + "\n"); !w)
        return fail(line, w.error());
    } else if (v == "panel_width") {
      o.panel_width = static_cast<float>(number(line.args[0]));
    } else if (v == "window_size") {
      o.window_size = std::make_pair(static_cast<int>(number(line.args[0])),
                                     static_cast<int>(number(line.args[1])));
    } else if (v == "quit") {
      o.exit_code = 0;
    }
    done();
  }
  return o;
}

}  // namespace tmsnav
