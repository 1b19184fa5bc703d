#pragma once
// What panels and scripts can ask for. Panels never touch the model directly.
#include <optional>
#include <string>
#include <variant>

#include <Eigen/Core>

#include "app/gui/course_session.h"
#include "app/gui/field_session.h"
#include "app/gui/registration_session.h"
#include "imaging/mni_registration.h"
#include "io/study_file.h"

namespace tmsnav {

struct CmdLoadMri {
  std::string path;
  std::string series_uid;  // DICOM: which series; empty = the T1-like one
  OrientationPolicy orientation = OrientationPolicy::Auto;  // the user's answer, when asked
};
struct CmdCancelLoad {};
struct CmdSetTargetRas {
  Eigen::Vector3d ras;
  std::string method = "ras";  // "ras", "slice", ...
};
struct CmdSetTargetMni {
  Eigen::Vector3d mni_ras;
};
struct CmdSetTargetSpec {
  std::string spec;  // as on the command line: atlas:BA46, 10-20:F3, 5cm-rule:X,Y,Z ...
};
struct CmdPickAt {
  double fx, fy;
};  // fraction of the 3-D view, origin top-left
// The answer to a CmdPickAt from the 3-D view's thread: the head point under the click.
struct CmdPicked {
  std::optional<Eigen::Vector3d> p_lps;
  std::string landmark;  // empty: the click sets the target
  bool beneath = false;  // the target is the cortex beneath the clicked scalp point
};
// What a click on the head makes the target: the scalp point under the mouse (false), or the
// cortex beneath it along the coil's axis (true, as `scalp:X,Y,Z` does).
struct CmdSetClickTarget {
  bool beneath;
};
struct CmdSetPickMode {
  bool on;
  std::string landmark;  // empty: a click sets the target; else it places this landmark
};
struct CmdSelectTarget {
  size_t index;
};
struct CmdRemoveTarget {
  size_t index;
};
struct CmdCompareDlpfc {};
struct CmdSetLandmark {
  std::string name;  // nasion, inion, lpa, rpa
  Eigen::Vector3d ras;
};
// Hides the scalp so the cortex beneath is seen (and clicked) directly.
struct CmdShowScalp {
  bool on;
};
// Colours the scalp by its distance to the cortex (a legend shows the scale).
struct CmdScalpDepthColours {
  bool on;
};
struct CmdStartSimulation {};
// A live OpenIGTLink server ("HOST:PORT") or a recording (.igs.mha) as the tracker.
struct CmdStartIgtl {
  std::string address;
};
struct CmdStartReplay {
  std::string path;
  double speed = 1.0;
  bool loop = true;
};
struct CmdStopTracking {};
struct CmdRegisterSimulated {
  unsigned long long seed = 1;
};
struct CmdLoadRegistration {
  std::string path;
};
struct CmdClearRegistration {};
struct CmdStartWizard {};
struct CmdWizard {
  WizardCommand command;
};
struct CmdAskCheckpoint {};
// Display settings kept in the study (light theme, text size).
struct CmdSetSettings {
  StudySettings settings;
};
struct CmdSilenceTracker {};  // test hook (script silence_tracker)
struct CmdSimulationRate {    // the next simulated tracker's rate (benchmarks)
  double hz;
};
struct CmdPulse {};  // a stimulator pulse (Space)
struct CmdUndo {};
struct CmdRedo {};
struct CmdSaveStudy {
  std::string path;  // empty: the current study file
};
struct CmdOpenStudy {
  std::string path;
};
// Planning (0), guiding (1: technician view beside the 3-D view), technician alone (2).
struct CmdSetLayout {
  int layout;
};
struct CmdScreenshot {
  std::string path;  // empty: a timestamped PNG in the session folder
};
struct CmdSaveRegistration {
  std::string path;
};
struct CmdResetCamera {};
struct CmdNote {  // into the running session's journal
  std::string text;
};
struct CmdRefreshCourse {};  // the course report over this patient's sessions
struct CmdSaveCourse {};     // its summary.json and index.html under the session folder
struct CmdSetDose {
  DoseSettings settings;
};
struct CmdSetStimulation {  // the next session's intensity and coil (E-field, journaled)
  StimulationSettings settings;
};
// Plans the M1 hand-knob preset and makes it the dose's M1 target.
struct CmdPlanM1HandKnob {};
// File > Quit, Ctrl+Q, the window's close button. Unconfirmed: asks first when
// AppModel::unsavedWork says something would be lost or stopped.
struct CmdQuit {
  bool confirmed = false;
};
// The 3-D view's camera: a named view (render/scene.h CameraView).
struct CmdSetView {
  int view;
};

using UiCommand = std::variant<
    CmdLoadMri, CmdCancelLoad, CmdSetTargetRas, CmdSetTargetMni, CmdSetTargetSpec, CmdPickAt,
    CmdSetPickMode, CmdSelectTarget, CmdRemoveTarget, CmdCompareDlpfc, CmdSetLandmark, CmdShowScalp,
    CmdScalpDepthColours, CmdStartSimulation, CmdStartIgtl, CmdStartReplay, CmdStopTracking,
    CmdResetCamera, CmdRegisterSimulated, CmdLoadRegistration, CmdClearRegistration, CmdStartWizard,
    CmdWizard, CmdSaveRegistration, CmdAskCheckpoint, CmdSetLayout, CmdScreenshot, CmdUndo, CmdRedo,
    CmdSaveStudy, CmdOpenStudy, CmdSetSettings, CmdPicked, CmdSilenceTracker, CmdSimulationRate,
    CmdPulse, CmdNote, CmdRefreshCourse, CmdSaveCourse, CmdSetDose, CmdSetStimulation, CmdQuit,
    CmdSetView, CmdPlanM1HandKnob, CmdSetClickTarget>;

}  // namespace tmsnav
