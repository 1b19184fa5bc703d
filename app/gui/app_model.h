#pragma once
// The app without any UI toolkit: it routes UI commands to the patient session (workflow,
// loading, planning) and the navigation session (tracking, guidance, journal), and says
// why a command cannot happen now. Panels read it and send commands; the script runner
// sends the same commands.
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "app/asset_paths.h"
#include "app/gui/course_session.h"
#include "app/gui/field_session.h"
#include "app/gui/patient_session.h"
#include "app/gui/registration_session.h"
#include "app/gui/study_session.h"
#include "navigation/navigation_session.h"
#include "navigation/technician_display.h"
#include "tracking/simulated_pointer.h"

namespace tmsnav {

class AppModel {
 public:
  AppModel(std::function<double()> now_s, std::string session_dir,
           DataPaths paths = installedDataPaths());

  // Commands. Each either happens or says why not.
  // orientation: Auto, or the user's answer when the header and the anatomy disagreed.
  [[nodiscard]] Result<Done> loadMri(const std::string& path, const std::string& series_uid = "",
                                     OrientationPolicy orientation = OrientationPolicy::Auto);
  [[nodiscard]] Result<Done> cancelLoad();
  [[nodiscard]] Result<Done> setTarget(const Eigen::Vector3d& p_lps, const std::string& name,
                                       const std::string& method);
  [[nodiscard]] Result<Done> setTargetMni(const Eigen::Vector3d& mni_lps);
  // Any target spec of the CLI: ras:, mni:, atlas:, 10-20:, 5cm-rule: ...
  [[nodiscard]] Result<Done> setTargetSpec(const std::string& spec);
  [[nodiscard]] Result<Done> selectTarget(size_t index);
  [[nodiscard]] Result<Done> removeTarget(size_t index);
  // Plans every left-DLPFC method (dlpfcCompareSpecs) into the list, side by side.
  [[nodiscard]] Result<Done> compareDlpfc();
  // nasion, inion, lpa, rpa: moved onto the scalp; later scalp-rule targets use it.
  [[nodiscard]] Result<Done> setLandmark(const std::string& name, const Eigen::Vector3d& p_lps);
  [[nodiscard]] Result<Done> startSimulation();
  // Test hook: the simulated tracker stops sending (as if unplugged); guidance must go
  // stale by itself.
  [[nodiscard]] Result<Done> silenceTracker();
  // The rate of the simulated tracker started next (Hz, 20-400).
  [[nodiscard]] Result<Done> setSimulationRate(double hz);
  // A live server or a recording. No registration yet: head_ref_to_mri is the identity,
  // as is the coil calibration, and the snapshot says so (registered = false).
  [[nodiscard]] Result<Done> startIgtl(const std::string& host, int port);
  [[nodiscard]] Result<Done> startReplay(const std::string& path, double speed, bool loop);
  [[nodiscard]] Result<Done> stopTracking();
  // A stimulator pulse (Space, a pedal mapped to it): journaled with the pose now.
  [[nodiscard]] Result<Done> pulse(std::optional<double> intensity_pct_mso = std::nullopt);
  // A note in the running session's journal ("patient reports headache").
  [[nodiscard]] Result<Done> note(const std::string& text) { return navigation_.note(text); }
  // The course report over every session recorded on this patient (off the UI thread),
  // and saving its figures (summary.json, index.html) under the session folder.
  [[nodiscard]] Result<Done> refreshCourse();
  [[nodiscard]] Result<Done> saveCourseReport();
  const CourseSession& course() const { return course_; }
  // The motor threshold, the M1 target and the protocol's % of MT: the dose at each target.
  [[nodiscard]] Result<Done> setDose(const DoseSettings& settings);
  const DoseSettings& dose() const { return dose_; }
  // The coil/stimulator pair and intensity of the next session (journaled), and the live
  // E-field map of the running one (issue 29).
  [[nodiscard]] Result<Done> setStimulation(const StimulationSettings& s);
  const StimulationSettings& stimulation() const { return field_.stimulation(); }
  LiveFieldView liveField() const { return field_.view(); }
  // Plans the M1 hand-knob preset (m1HandKnobPreset) and makes it the dose's M1 target;
  // the motor threshold typed so far is kept.
  [[nodiscard]] Result<Done> planM1HandKnob();
  // The pointer is asked for (the registration wizard, a checkpoint touch): otherwise its
  // absence during coil tracking is normal, not an alarm.
  bool pointerNeeded() const;
  std::vector<DoseRow> doseRows() const { return doseTable(targets(), dose_); }
  // Patient registration, off the UI thread: a simulated patient's (the simulator's own
  // head, found through a simulated pointer), or a registration.json made for this MRI.
  // Tracking started afterwards reads poses through it.
  [[nodiscard]] Result<Done> registerSimulatedPatient(unsigned long long seed);
  [[nodiscard]] Result<Done> loadRegistration(const std::string& path);
  [[nodiscard]] Result<Done> clearRegistration();
  // The live registration wizard, reading the tracked pointer: start tracking first. With
  // the simulated source, a simulated technician follows its prompts. When it completes,
  // navigation restarts through the new registration.
  [[nodiscard]] Result<Done> startWizard();
  // Guidance waits until the pointer touches the checkpoint again, then reports its drift.
  [[nodiscard]] Result<Done> askCheckpoint() { return navigation_.askCheckpoint(); }
  [[nodiscard]] Result<Done> wizardCommand(WizardCommand c);
  // registration.json for the current registration (atomically); the next session loads it.
  [[nodiscard]] Result<Done> saveRegistration(const std::string& path);

  // Display settings kept in the study (an undo step like any planning edit).
  [[nodiscard]] Result<Done> setSettings(const StudySettings& settings);
  const StudySettings& settings() const { return settings_; }
  // Undo / redo planning edits: targets, landmarks, the active target, settings.
  [[nodiscard]] Result<Done> undo();
  [[nodiscard]] Result<Done> redo();
  // The study: saved atomically after every edit (to the default study file of the MRI
  // until saved elsewhere); opening one loads its MRI (refused when the MRI changed since)
  // and restores the plan.
  [[nodiscard]] Result<Done> saveStudy(const std::string& path = "");
  [[nodiscard]] Result<Done> openStudy(const std::string& path);
  const StudySession& study() const { return study_; }
  // What quitting now would lose or stop, one sentence each; empty: nothing.
  std::vector<std::string> unsavedWork() const;
  const std::string& sessionDir() const { return session_dir_; }

  // Once per UI frame: finishes loading, journals tracker frames, judges their age.
  void tick();

  // The frame loop sleeps while nothing changes (issue 31). Work that finishes or
  // progresses off the UI thread (a worker's new result) calls requestRedraw(): from any
  // thread, it wakes the loop, which then ticks and draws. The window installs the hook.
  void setRedrawHook(std::function<void()> hook);
  void requestRedraw() const;
  // A job runs whose progress is on screen (loading, registration, course report).
  bool busy() const;

  Workflow workflow() const { return patient_.workflow(); }
  const std::string& mriPath() const { return patient_.mriPath(); }
  double loadProgress() const { return patient_.progress(); }
  std::string loadStage() const { return patient_.stage(); }
  const std::string& lastError() const;
  const LoadedPatient* patient() const { return patient_.patient(); }
  const PlannedTarget* target() const;  // the active target, or null
  const std::vector<PlannedTarget>& targets() const;
  size_t activeTarget() const;
  const std::vector<unsigned char>* activeAtlasPatch() const;
  std::map<std::string, Eigen::Vector3d> landmarks() const;
  std::optional<BeamF3> beamF3() const;
  const NavigationSnapshot& navigation() const { return navigation_.snapshot(); }
  // The technician's view of the newest pose (updated every tick).
  const AimView& aim() const { return technician_display_.view(); }
  const RegistrationSession& registration() const { return registration_; }
  double nowS() const { return now_s_(); }
  bool tracking() const { return isActive(navigation_.state()); }
  // Scalp-to-cortex distance (mm) under the coil: at the scalp vertex nearest the coil's
  // centre, only while guidance has a usable pose and the coil is near the scalp.
  std::optional<double> coilScalpToCortexMm() const;
  // Bumped when the patient or target changes, so views know to rebuild.
  std::uint64_t revision() const { return revision_; }

 private:
  Result<PatientPlanner*> plannerForChange();
  Result<Done> planSpec(const TargetSpec& spec);
  Result<Done> startNavigation(SourceSpec source);
  Result<Done> changed(Result<Done> r);
  // Every planning edit: all or nothing, one undo step, then the study is saved.
  Result<Done> edit(const std::function<Result<Done>(PatientPlanner&)>& change);
  Result<Done> planSpecIn(PatientPlanner& planner, const TargetSpec& spec);
  Memento memento();
  Result<Done> travel(bool back);
  void restoreMemento(const Memento& m);
  void autosave();
  Study currentStudy();
  void applyPendingStudy();
  void cueTechnician();
  void followRegistration();
  void keepDoseTarget(std::optional<size_t> removed);
  Result<std::string> mriSha256();
  SessionHeader sessionHeader();

  std::function<double()> now_s_;
  std::string session_dir_;
  PatientSession patient_;
  RegistrationSession registration_;
  NavigationSession navigation_;
  TechnicianDisplay technician_display_;
  std::string coil_model_;
  StudySession study_;
  StudySettings settings_;
  std::optional<Study> pending_study_;  // opened: waits for its MRI to load
  bool loaded_for_study_ = false;       // its MRI load has been started
  std::string mri_sha256_;              // of the loaded MRI, once a study needed it
  std::string registration_path_;       // the registration.json saved or loaded
  std::vector<std::string> sessions_;   // session logs recorded on this patient
  std::optional<SourceSpec> source_;    // of the running (or last) navigation
  // The simulated pointer's technician; its cue says what the prompts on screen ask.
  std::optional<SimulatedTechnician> technician_;
  std::shared_ptr<std::atomic<bool>> silenced_;  // of the running simulator
  double simulation_rate_hz_ = SimulationConfig{}.rate_hz;
  std::uint64_t registration_generation_ = 0;  // navigation runs through this one
  bool checkpoint_fresh_ = false;              // the wizard just touched it: guidance need not ask
  CourseSession course_;
  FieldSession field_;
  DoseSettings dose_;
  std::string last_error_;
  std::string study_save_error_;  // the last study save failed: why (unsaved edits)
  std::uint64_t revision_ = 0;
  mutable std::mutex redraw_mutex_;  // workers call requestRedraw while the hook changes
  std::function<void()> redraw_hook_;
};

}  // namespace tmsnav
