#include "app/gui/app_model.h"

#include "core/clock.h"

#include "imaging/scalp_to_cortex.h"
#include "planning/target_presets.h"

namespace tmsnav {

namespace {
const std::vector<PlannedTarget> kNoTargets;
}  // namespace

AppModel::AppModel(std::function<double()> now_s, std::string session_dir, DataPaths paths)
    : now_s_(now_s),
      session_dir_(std::move(session_dir)),
      patient_(std::move(paths)),
      navigation_(Clocks{std::move(now_s), wallSeconds}) {}

const std::string& AppModel::lastError() const {
  return last_error_.empty() ? patient_.lastError() : last_error_;
}

// A change that the views must redraw for.
Result<Done> AppModel::changed(Result<Done> r) {
  if (r) ++revision_;
  return r;
}

Result<Done> AppModel::loadMri(const std::string& path, const std::string& series_uid) {
  if (tracking()) return Error{"stop tracking before loading"};
  if (registration_.status() == RegistrationStatus::Running)
    return Error{"wait for the registration to finish"};
  registration_.clear();  // a registration belongs to one patient
  last_error_.clear();
  return changed(patient_.load(path, series_uid));
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

Result<Done> AppModel::planSpec(const TargetSpec& spec) {
  auto planner = plannerForChange();
  if (!planner) return Error{planner.error()};
  return changed((*planner)->plan(spec));
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

Result<Done> AppModel::compareDlpfc() {
  for (const auto& spec : dlpfcCompareSpecs())
    if (auto r = setTargetSpec(spec); !r) return Error{spec + ": " + r.error()};
  return Done{};
}

Result<Done> AppModel::selectTarget(size_t index) {
  auto planner = plannerForChange();
  if (!planner) return Error{planner.error()};
  return changed((*planner)->list().select(index));
}

Result<Done> AppModel::removeTarget(size_t index) {
  auto planner = plannerForChange();
  if (!planner) return Error{planner.error()};
  return changed((*planner)->list().remove(index));
}

Result<Done> AppModel::setLandmark(const std::string& name, const Eigen::Vector3d& p_lps) {
  auto planner = patient_.planner();
  if (!planner) return Error{planner.error()};
  return changed((*planner)->setLandmark(name, p_lps));
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
  }
  return navigation_.start(request);
}

Result<Done> AppModel::startSimulation() {
  return startNavigation(SimulatedSourceSpec{});
}

Result<Done> AppModel::startIgtl(const std::string& host, int port) {
  return startNavigation(IgtlSourceSpec{host, port, {}});
}

Result<Done> AppModel::startReplay(const std::string& path, double speed, bool loop) {
  return startNavigation(ReplaySourceSpec{path, speed, loop, {}});
}

Result<Done> AppModel::stopTracking() {
  return navigation_.stop();
}

Result<Done> AppModel::registerSimulatedPatient(unsigned long long seed) {
  if (tracking()) return Error{"stop tracking before registering"};
  auto planner = patient_.planner();
  if (!planner) return Error{planner.error()};
  return registration_.simulate(*patient_.patient(), **planner, seed);
}

Result<Done> AppModel::loadRegistration(const std::string& path) {
  if (tracking()) return Error{"stop tracking before registering"};
  if (workflow() != Workflow::Ready) return Error{"load the MRI the registration was made for"};
  return registration_.load(path, mriPath());
}

Result<Done> AppModel::clearRegistration() {
  if (tracking()) return Error{"stop tracking before clearing the registration"};
  registration_.clear();
  return Done{};
}

void AppModel::tick() {
  if (patient_.tick()) ++revision_;
  const RegistrationStatus before_registration = registration_.status();
  registration_.tick(now_s_());
  if (registration_.status() == RegistrationStatus::Failed &&
      before_registration != RegistrationStatus::Failed)
    last_error_ = registration_.error();
  const NavState before = navigation_.state();
  const NavigationSnapshot& s = navigation_.tick();
  if (s.state == NavState::Failed && before != NavState::Failed) last_error_ = s.failure;
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

}  // namespace tmsnav
