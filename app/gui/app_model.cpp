#include "app/gui/app_model.h"

#include "core/clock.h"

#include "core/atomic_file.h"

#include <filesystem>
#include "app/version.h"
#include "imaging/scalp_points.h"
#include "imaging/scalp_to_cortex.h"
#include "io/registration_file.h"
#include "io/sha256.h"
#include "navigation/simulated_registration.h"
#include "planning/target_presets.h"

namespace tmsnav {

namespace {
const std::vector<PlannedTarget> kNoTargets;
}  // namespace

AppModel::AppModel(std::function<double()> now_s, std::string session_dir, DataPaths paths)
    : now_s_(now_s),
      session_dir_(std::move(session_dir)),
      patient_(paths),
      navigation_(Clocks{std::move(now_s), wallSeconds}),
      coil_model_(paths.coil_model),
      study_(std::filesystem::path(session_dir_).parent_path().string()) {}

const std::string& AppModel::lastError() const {
  return last_error_.empty() ? patient_.lastError() : last_error_;
}

// A change that the views must redraw for.
Result<Done> AppModel::changed(Result<Done> r) {
  if (r) ++revision_;
  return r;
}

Result<Done> AppModel::loadMri(const std::string& path, const std::string& series_uid,
                               OrientationPolicy orientation) {
  if (tracking()) return Error{"stop tracking before loading"};
  if (registration_.status() == RegistrationStatus::Running)
    return Error{"wait for the registration to finish"};
  registration_.clear();  // a registration belongs to one patient
  last_error_.clear();
  auto r = changed(patient_.load(path, series_uid, orientation));
  if (r && !pending_study_) {  // a new patient: a new study, no history
    study_.setPath("");
    study_.forgetHistory();
    mri_sha256_.clear();
    registration_path_.clear();
    sessions_.clear();
  }
  if (r) field_.reset();  // the map belongs to the patient it was made on
  return r;
}

Result<Done> AppModel::cancelLoad() {
  return patient_.cancel();
}

// Targets change only on a Ready patient and never under a running navigation, which
// guides to the active one.
Result<PatientPlanner*> AppModel::plannerForChange() {
  if (workflow() != Workflow::Ready) return Error{"load an MRI before choosing a target"};
  if (tracking()) return Error{"stop tracking before retargeting"};
  return patient_.planner();
}

Result<Done> AppModel::edit(const std::function<Result<Done>(PatientPlanner&)>& change) {
  auto planner = plannerForChange();
  if (!planner) return Error{planner.error()};
  Memento before = memento();
  if (auto r = change(**planner); !r) {
    restoreMemento(before);  // all or nothing: a half-done action is not left behind
    return r;
  }
  study_.recordEdit(std::move(before));
  ++revision_;
  autosave();
  return Done{};
}

Result<Done> AppModel::planSpecIn(PatientPlanner& planner, const TargetSpec& spec) {
  return planner.plan(spec);
}

Result<Done> AppModel::planSpec(const TargetSpec& spec) {
  return edit([&](PatientPlanner& p) { return planSpecIn(p, spec); });
}

Result<Done> AppModel::setTarget(const Eigen::Vector3d& p_lps, const std::string& name,
                                 const std::string& method) {
  return planSpec(TargetSpec{name, target::SubjectPoint{{p_lps}, method}});
}

Result<Done> AppModel::setTargetMni(const Eigen::Vector3d& mni_lps) {
  return planSpec(TargetSpec{"mni target", target::MniPoint{{mni_lps}}});
}

Result<Done> AppModel::setTargetSpec(const std::string& text) {
  if (workflow() != Workflow::Ready) return Error{"load an MRI before choosing a target"};
  auto spec = parseTargetSpec(text);
  if (!spec) return Error{spec.error()};
  return planSpec(*spec);
}

// Every left-DLPFC method at once: one user action, one undo step.
Result<Done> AppModel::compareDlpfc() {
  return edit([&](PatientPlanner& p) -> Result<Done> {
    // The active target stays the one the user chose (or, with none, the first method):
    // comparing never quietly switches what the coil is guided to.
    const bool had_target = p.list().active() != nullptr;
    const size_t keep = had_target ? p.list().activeIndex() : p.list().all().size();
    for (const auto& text : dlpfcCompareSpecs()) {
      auto spec = parseTargetSpec(text);
      if (!spec) return Error{text + ": " + spec.error()};
      if (auto r = planSpecIn(p, *spec); !r) return Error{text + ": " + r.error()};
    }
    return p.list().select(keep);
  });
}

Result<Done> AppModel::selectTarget(size_t index) {
  return edit([&](PatientPlanner& p) { return p.list().select(index); });
}

Result<Done> AppModel::removeTarget(size_t index) {
  auto r = edit([&](PatientPlanner& p) { return p.list().remove(index); });
  if (r) keepDoseTarget(index);
  return r;
}

// The dose's M1 target follows the list: a removed one is unchosen, later ones shift, and
// an index past the end (undo, another study) is dropped, so that a typed motor threshold
// is never refused for a target that no longer exists.
void AppModel::keepDoseTarget(std::optional<size_t> removed) {
  if (dose_.m1_target < 0) return;
  const auto m1 = static_cast<size_t>(dose_.m1_target);
  if (removed && *removed == m1)
    dose_.m1_target = -1;
  else if (removed && *removed < m1)
    --dose_.m1_target;
  if (dose_.m1_target >= static_cast<int>(targets().size())) dose_.m1_target = -1;
}

Result<Done> AppModel::planM1HandKnob() {
  auto spec = parseTargetSpec(m1HandKnobPreset().spec);
  if (!spec) return Error{spec.error()};
  if (auto r = planSpec(*spec); !r) return r;
  dose_.m1_target = static_cast<int>(activeTarget());
  return Done{};
}

bool AppModel::pointerNeeded() const {
  const auto& reg = navigation().registration;
  return registration_.wizard() != nullptr ||
         (reg && *reg == RegistrationState::NeedsCheckpoint);
}

Result<Done> AppModel::setLandmark(const std::string& name, const Eigen::Vector3d& p_lps) {
  if (workflow() != Workflow::Ready) return Error{"load an MRI before moving landmarks"};
  if (tracking()) return Error{"stop tracking before moving landmarks"};
  return edit([&](PatientPlanner& p) { return p.setLandmark(name, p_lps); });
}

Result<Done> AppModel::setSettings(const StudySettings& settings) {
  if (settings == settings_) return Done{};
  if (workflow() != Workflow::Ready || tracking()) {  // display only: no undo step then
    settings_ = settings;
    return Done{};
  }
  return edit([&](PatientPlanner&) {
    settings_ = settings;
    return Result<Done>(Done{});
  });
}

Memento AppModel::memento() {
  auto planner = patient_.planner();
  return Memento{planner ? (*planner)->state() : PlannerState{}, settings_};
}

void AppModel::restoreMemento(const Memento& m) {
  if (auto planner = patient_.planner()) (*planner)->restore(m.planner);
  keepDoseTarget(std::nullopt);
  settings_ = m.settings;
}

// Undo and redo: the study gives the state to go to and keeps the present for the way back.
Result<Done> AppModel::travel(bool back) {
  const char* nothing = back ? "nothing to undo" : "nothing to redo";
  if (workflow() != Workflow::Ready) return Error{nothing};
  if (tracking()) return Error{"stop tracking before changing the plan"};
  auto to = back ? study_.undo(memento()) : study_.redo(memento());
  if (!to) return Error{nothing};
  restoreMemento(*to);
  ++revision_;
  autosave();
  return Done{};
}

Result<Done> AppModel::undo() {
  return travel(true);
}

Result<Done> AppModel::redo() {
  return travel(false);
}

Study AppModel::currentStudy() {
  Study s;
  s.mri_path = std::filesystem::absolute(mriPath()).lexically_normal().string();
  s.mri_sha256 = mri_sha256_;
  if (const LoadedPatient* p = patient()) {
    s.series_uid = p->volume.series_uid;
    s.segmentation = {{"head_volume_ml", p->model.head.volume_ml},
                      {"scalp_triangles", p->model.scalp_lps->GetNumberOfCells()}};
    if (p->model.cortex_lps) {
      s.segmentation["brain_volume_ml"] = p->model.brain.volume_ml;
      s.segmentation["cortex_triangles"] = p->model.cortex_lps->GetNumberOfCells();
    }
  }
  s.targets = targets();
  s.active_target = activeTarget();
  s.landmarks_lps = landmarks();
  s.settings = settings_;
  s.registration_path = registration_path_;
  s.sessions = sessions_;
  s.saved_at = utcNow();
  return s;
}

Result<std::string> AppModel::mriSha256() {
  if (mri_sha256_.empty()) {
    auto sha = sha256File(mriPath());
    if (!sha) return Error{"the MRI cannot be identified: " + sha.error()};
    mri_sha256_ = *sha;
  }
  return mri_sha256_;
}

Result<Done> AppModel::saveStudy(const std::string& path) {
  if (workflow() != Workflow::Ready) return Error{"load an MRI before saving a study"};
  if (auto sha = mriSha256(); !sha) return Error{sha.error()};
  if (!path.empty())
    study_.setPath(path);
  else if (study_.path().empty())
    study_.setPath(study_.defaultPathFor(mriPath(), mri_sha256_));
  auto saved = study_.save(currentStudy());
  study_save_error_ = saved ? std::string() : saved.error();
  return saved;
}

std::vector<std::string> AppModel::unsavedWork() const {
  std::vector<std::string> why;
  if (tracking())
    why.push_back("Tracking is running: quitting stops it (its journal so far is kept).");
  if (registration_.status() == RegistrationStatus::Running)
    why.push_back("A registration is still being computed: it would be lost.");
  if (registration_.current() && registration_path_.empty())
    why.push_back(
        "The patient registration is not saved to a file: the next session registers again.");
  if (!study_save_error_.empty())
    why.push_back("The study could not be saved (" + study_save_error_ + "): the last edits would be lost.");
  return why;
}

// After every change: a failed autosave is said, never silent.
void AppModel::autosave() {
  if (workflow() != Workflow::Ready) return;
  if (auto r = saveStudy(); !r) last_error_ = "the study was not saved: " + r.error();
}

Result<Done> AppModel::openStudy(const std::string& path) {
  if (tracking()) return Error{"stop tracking before opening a study"};
  auto study = readStudy(path);
  if (!study) return Error{study.error()};
  auto sha = sha256File(study->mri_path);
  if (!sha) return Error{"the study's MRI cannot be read: " + sha.error()};
  if (*sha != study->mri_sha256)
    return Error{"the MRI changed since the study was saved (SHA-256 differs): " + study->mri_path};
  if (workflow() == Workflow::Loading) (void)patient_.cancel();  // the study replaces it
  pending_study_ = std::move(*study);
  study_.setPath(path);
  study_.forgetHistory();
  mri_sha256_ = *sha;
  return Done{};
}

// An opened study: its MRI is loaded once any cancelled load has ended, then the plan is
// put back as it was saved.
void AppModel::applyPendingStudy() {
  if (!pending_study_) return;
  const Workflow w = workflow();
  if (w == Workflow::Loading) return;  // the study's own load, or a cancelled one ending
  if (w == Workflow::Failed && loaded_for_study_) {  // its MRI did not load: said once
    last_error_ = "the study's MRI did not load: " + patient_.lastError();
    pending_study_.reset();
    loaded_for_study_ = false;
    return;
  }
  const bool loaded = w == Workflow::Ready && loaded_for_study_;
  if (!loaded) {
    loaded_for_study_ = true;
    if (auto r = loadMri(pending_study_->mri_path, pending_study_->series_uid); !r) {
      last_error_ = "the study's MRI cannot be loaded: " + r.error();
      pending_study_.reset();
      loaded_for_study_ = false;
    }
    return;
  }
  Study s = std::move(*pending_study_);
  pending_study_.reset();
  loaded_for_study_ = false;
  auto planner = patient_.planner();
  if (!planner) return;
  PlannerState state;
  for (auto& t : s.targets) state.list.put(std::move(t));
  if (!state.list.all().empty()) (void)state.list.select(s.active_target);
  if (!s.landmarks_lps.empty()) state.landmarks = s.landmarks_lps;
  (*planner)->restore(state);
  settings_ = s.settings;
  registration_path_ = s.registration_path;
  sessions_ = s.sessions;
  ++revision_;
  if (!registration_path_.empty() && std::filesystem::exists(registration_path_))
    if (auto r = loadRegistration(registration_path_); !r) last_error_ = r.error();
}

const PlannedTarget* AppModel::target() const {
  const PatientPlanner* p = patient_.plannerIfReady();
  return p ? p->list().active() : nullptr;
}

const std::vector<PlannedTarget>& AppModel::targets() const {
  const PatientPlanner* p = patient_.plannerIfReady();
  return p ? p->list().all() : kNoTargets;
}

size_t AppModel::activeTarget() const {
  const PatientPlanner* p = patient_.plannerIfReady();
  return p ? p->list().activeIndex() : 0;
}

const std::vector<unsigned char>* AppModel::activeAtlasPatch() const {
  const PatientPlanner* p = patient_.plannerIfReady();
  return p ? p->list().activePatch() : nullptr;
}

std::map<std::string, Eigen::Vector3d> AppModel::landmarks() const {
  const PatientPlanner* p = patient_.plannerIfReady();
  return p ? p->landmarks() : std::map<std::string, Eigen::Vector3d>{};
}

std::optional<BeamF3> AppModel::beamF3() const {
  const PatientPlanner* p = patient_.plannerIfReady();
  return p ? p->beamF3() : std::nullopt;
}

Result<Done> AppModel::startNavigation(SourceSpec source) {
  if (!target()) return Error{"choose a target before tracking"};
  NavigationRequest request;
  request.source = std::move(source);
  request.target_to_mri = target()->target_to_mri;
  request.journal_path = journalPathIn(session_dir_);
  if (const auto& reg = registration_.current()) {
    request.head_ref_to_mri = reg->registration.head_ref_to_mri;
    request.checkpoint = reg->checkpoint;
    request.pointer_tip = reg->pointer_tip;
    if (const auto tre = reg->registration.predicted_tre_mm.find(target()->name);
        tre != reg->registration.predicted_tre_mm.end())
      request.predicted_tre_mm = tre->second;
    if (reg->coil) request.coil_to_coil_marker = reg->coil->coil_to_coil_marker;
    // Guidance starts with the checkpoint touch, unless the wizard has just taken it.
    request.confirm_checkpoint_first = !checkpoint_fresh_;
    checkpoint_fresh_ = false;
  }
  request.header = sessionHeader();
  field_.prepare(request, patient(), *target());
  registration_generation_ = registration_.generation();
  source_ = request.source;
  auto started = navigation_.start(request);
  if (started) {  // the study lists every session recorded on this patient
    sessions_.push_back(request.journal_path);
    autosave();
  }
  return started;
}

// Who, what and with which registration: the journal's first record.
SessionHeader AppModel::sessionHeader() {
  SessionHeader h;
  h.software = std::string("tmsnav ") + versionString() + " (" + sourceRevision() + ")";
  if (const LoadedPatient* p = patient()) h.patient_id = p->volume.patientId();
  h.mri_path = std::filesystem::absolute(mriPath()).lexically_normal().string();
  if (auto sha = mriSha256()) h.mri_sha256 = *sha;  // a folder (DICOM) has none: left empty
  h.plan_path = study_.path();
  if (const PlannedTarget* t = target()) h.target_name = t->name;
  if (const auto& reg = registration_.current()) {
    h.registration_path = registration_path_;
    h.registration_method = reg->registration.icp ? "landmarks+surface" : "landmarks";
    h.registration_fre_mm = reg->registration.fre_mm;
    h.coil = reg->coil ? "calibrated by the wizard" : "";
  }
  h.session_label = "session " + std::to_string(sessions_.size() + 1);
  if (dose_.motor_threshold_pct_mso > 0) h.motor_threshold_pct_mso = dose_.motor_threshold_pct_mso;
  return h;
}

Result<Done> AppModel::refreshCourse() {
  if (workflow() != Workflow::Ready) return Error{"load the patient's MRI first"};
  auto sha = mriSha256();
  if (!sha) return Error{sha.error()};
  return course_.refresh(sessions_, session_dir_, *sha);
}

Result<Done> AppModel::saveCourseReport() {
  auto folder = course_.save(session_dir_);
  if (!folder) return Error{folder.error()};
  return Done{};
}

Result<Done> AppModel::setDose(const DoseSettings& s) {
  if (!(s.motor_threshold_pct_mso >= 0 && s.motor_threshold_pct_mso <= 100))
    return Error{"the motor threshold is 0..100 %MSO"};
  if (!(s.percent_of_mt >= 1 && s.percent_of_mt <= 200))
    return Error{"the intensity is 1..200 % of MT"};
  if (s.m1_target >= static_cast<int>(targets().size())) return Error{"no such target"};
  dose_ = s;
  return Done{};
}

Result<Done> AppModel::setStimulation(const StimulationSettings& s) {
  if (tracking() && !(s == field_.stimulation()))
    return Error{"stop tracking before changing the intensity: it is journaled per session"};
  return field_.setStimulation(s);
}

Result<Done> AppModel::startSimulation() {
  SimulatedSourceSpec spec;
  technician_.reset();
  // The virtual technician needs the patient's landmarks and scalp to touch; without them
  // the simulated coil still runs, with no pointer.
  if (auto planner = patient_.planner(); planner && patient_.patient()) {
    auto points = scalpPointsOf(patient_.patient()->model.scalp_lps);
    auto coil = readCoilTouchPoints(coil_model_);
    if (points) {
      std::vector<NamedPoint> landmarks;
      const auto all = (*planner)->scalpLandmarks();
      for (const char* name : {"nasion", "lpa", "rpa"})
        if (auto it = all.find(name); it != all.end()) landmarks.push_back({name, it->second});
      auto tech = simulatedTechnician(landmarks, points->vertices,
                                      coil ? *coil : std::vector<CoilTouchPoint>{}, "nasion", 1);
      if (tech) technician_ = *tech;
    }
  }
  spec.config.technician = technician_;
  spec.config.rate_hz = simulation_rate_hz_;
  silenced_ = std::make_shared<std::atomic<bool>>(false);
  spec.config.silenced = silenced_;
  return startNavigation(spec);
}

Result<Done> AppModel::setSimulationRate(double hz) {
  if (!(hz >= kMinRateHz && hz <= kMaxRateHz))
    return Error{"a simulated tracker runs at 20 to 400 Hz"};
  simulation_rate_hz_ = hz;
  return Done{};
}

Result<Done> AppModel::silenceTracker() {
  if (!tracking() || !silenced_ || !source_ ||
      !std::holds_alternative<SimulatedSourceSpec>(*source_))
    return Error{"only the running simulated tracker can be silenced"};
  silenced_->store(true);
  return Done{};
}

Result<Done> AppModel::startIgtl(const std::string& host, int port) {
  return startNavigation(IgtlSourceSpec{host, port, {}});
}

Result<Done> AppModel::startReplay(const std::string& path, double speed, bool loop) {
  return startNavigation(ReplaySourceSpec{path, speed, loop, {}});
}

Result<Done> AppModel::pulse(std::optional<double> intensity_pct_mso) {
  // A key press fires at the session's intensity (fixed while tracking): each pulse record
  // says so, as a stimulator's own trigger message would.
  if (!intensity_pct_mso) intensity_pct_mso = field_.stimulation().intensity_pct_mso;
  auto p = navigation_.pulse(PulseInput{{intensity_pct_mso, {}, {}}, "key"});
  if (!p) return Error{p.error()};
  return Done{};
}

Result<Done> AppModel::stopTracking() {
  return navigation_.stop();
}

void AppModel::tick() {
  if (patient_.tick()) ++revision_;
  course_.poll();
  applyPendingStudy();
  const RegistrationStatus before_registration = registration_.status();
  registration_.tick(now_s_());
  if (registration_.status() == RegistrationStatus::Failed &&
      before_registration != RegistrationStatus::Failed)
    last_error_ = registration_.error();
  const NavState before = navigation_.state();
  const NavigationSnapshot& s = navigation_.tick();
  if (s.state == NavState::Failed && before != NavState::Failed) last_error_ = s.failure;
  registration_.feed(s.new_frames);
  cueTechnician();
  followRegistration();
  field_.feed(navigation_.snapshot().guidance, tracking());
  technician_display_.update(navigation_.snapshot(),
                             target() ? std::optional(target()->target_to_mri) : std::nullopt);
}

// The simulated technician does what the screen asks: the wizard's step, or the
// checkpoint guidance waits for.
void AppModel::cueTechnician() {
  if (!technician_) return;
  PointerTask task = PointerTask::Idle;
  if (const RegistrationWizard* w = registration_.wizard(); w && registration_.wizardActive())
    task = technicianTaskFor(w->step(), w->phase());
  else if (navigation().registration == RegistrationState::NeedsCheckpoint)
    task = PointerTask::Checkpoint;
  technician_->cue->ask(task);
}

// A new registration while tracking: navigation restarts through it (a new journal).
void AppModel::followRegistration() {
  if (registration_.generation() == registration_generation_ || !tracking() || !source_) return;
  const auto& reg = registration_.current();
  checkpoint_fresh_ = reg && reg->checkpoint_confirmed;
  const SourceSpec source = *source_;
  if (auto r = navigation_.stop(); !r) last_error_ = r.error();
  if (auto r = startNavigation(source); !r) last_error_ = r.error();
}

std::optional<double> AppModel::coilScalpToCortexMm() const {
  // The coil's centre sits above the scalp by hair and casing; farther than this it is
  // not over the head and no scalp point is "under" it.
  constexpr double kMaxCoilToScalpMm = 20.0;
  const GuidanceUpdate& g = navigation().guidance;
  const LoadedPatient* p = patient();
  if (!g.coil_to_mri || g.state == GuidanceState::NotTracking || !p || !p->surfaces)
    return std::nullopt;
  const Eigen::Vector3d centre = g.coil_to_mri->iso().translation();
  return p->surfaces->scalp.valueAt(kScalpToCortexArray, centre, kMaxCoilToScalpMm);
}

void AppModel::setRedrawHook(std::function<void()> hook) {
  std::lock_guard lock(redraw_mutex_);
  redraw_hook_ = std::move(hook);
}

void AppModel::requestRedraw() const {
  std::lock_guard lock(redraw_mutex_);
  if (redraw_hook_) redraw_hook_();
}

bool AppModel::busy() const {
  return workflow() == Workflow::Loading ||
         registration_.status() == RegistrationStatus::Running ||
         course_.status() == CourseStatus::Running;
}

}  // namespace tmsnav
