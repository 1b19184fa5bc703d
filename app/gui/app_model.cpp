#include "app/gui/app_model.h"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <filesystem>

#include "app/asset_paths.h"
#include "app/cli/target_spec.h"
#include "app/target_presets.h"
#include "imaging/atlas.h"
#include "imaging/scalp_to_cortex.h"
#include "tracking/igtl_client_source.h"
#include "tracking/realtime_simulated_source.h"
#include "tracking/replay_source.h"
#include "tracking/simulated_tracker.h"

namespace tmsnav {

const char* toString(Workflow w) {
  switch (w) {
    case Workflow::Empty:
      return "empty";
    case Workflow::Loading:
      return "loading";
    case Workflow::Ready:
      return "ready";
    case Workflow::Failed:
      return "failed";
  }
  return "failed";
}

AppModel::AppModel(std::function<double()> now_s, std::string session_dir)
    : now_s_(std::move(now_s)), session_dir_(std::move(session_dir)) {}

AppModel::~AppModel() {
  (void)worker_.stop();
}

Result<Done> AppModel::loadMri(const std::string& path, const std::string& series_uid) {
  if (workflow_ == Workflow::Loading) return Error{"an MRI is already loading"};
  if (worker_.state() == TrackerState::Running) return Error{"stop tracking before loading"};
  job_ = std::make_unique<LoadJob>(path, series_uid, atlases_);
  mri_path_ = path;
  planning_.reset();
  patient_.reset();
  targets_.clear();
  active_ = 0;
  atlas_patches_.clear();
  session_.reset();
  last_error_.clear();
  workflow_ = Workflow::Loading;
  ++revision_;
  return Done{};
}

Result<Done> AppModel::cancelLoad() {
  if (workflow_ != Workflow::Loading) return Error{"nothing is loading"};
  job_->cancel();
  return Done{};
}

Result<Done> AppModel::setTarget(const Eigen::Vector3d& p_lps, const std::string& name,
                                 const std::string& method) {
  TargetSpec spec;
  spec.method = "ras";
  spec.name = name;
  spec.point_lps = p_lps;
  auto r = plan(spec);
  if (r) targets_[active_].method = method;
  return r;
}

Result<Done> AppModel::setTargetMni(const Eigen::Vector3d& mni_lps) {
  if (workflow_ != Workflow::Ready) return Error{"load an MRI before choosing a target"};
  if (!patient_->registration)
    return Error{"MNI targets need the MNI registration: " + patient_->registration_note};
  TargetSpec spec;
  spec.method = "mni";
  spec.name = "mni target";
  spec.point_lps = mni_lps;
  return plan(spec);
}

Result<PlanningContext*> AppModel::planning() {
  if (workflow_ != Workflow::Ready) return Error{"load an MRI first"};
  if (!patient_->surfaces) return Error{"the patient's surfaces are not indexed"};
  if (!planning_) {
    std::map<std::string, Eigen::Vector3d> landmarks;
    if (patient_->registration) {
      auto fiducials = loadMniFiducials(assetDir() + "/mni/fiducials.json");
      if (!fiducials) return Error{fiducials.error()};
      landmarks = scalpLandmarks(patient_->surfaces->scalp, *patient_->registration, *fiducials);
    }
    planning_ = std::make_unique<PlanningContext>(
        patient_->surfaces->scalp, patient_->registration ? &*patient_->registration : nullptr,
        landmarks, *atlases_);
  }
  return planning_.get();
}

std::map<std::string, Eigen::Vector3d> AppModel::landmarks() const {
  return planning_ ? planning_->landmarks() : std::map<std::string, Eigen::Vector3d>{};
}

std::optional<BeamF3> AppModel::beamF3() const {
  return planning_ ? planning_->beamF3Result() : std::nullopt;
}

Result<Done> AppModel::setLandmark(const std::string& name, const Eigen::Vector3d& p_lps) {
  auto context = planning();
  if (!context) return Error{context.error()};
  if (auto r = (*context)->setLandmark(name, p_lps); !r) return r;
  ++revision_;
  return Done{};
}

Result<Done> AppModel::setTargetSpec(const std::string& text) {
  if (workflow_ != Workflow::Ready) return Error{"load an MRI before choosing a target"};
  auto spec = parseTargetSpec(text);
  if (!spec) return Error{spec.error()};
  auto context = planning();
  if (!context) return Error{context.error()};
  if (auto r = (*context)->resolve(*spec); !r) return r;
  if (spec->inMni() && !patient_->registration)
    return Error{"this target needs the MNI registration: " + patient_->registration_note};
  return plan(*spec);
}

// The region's label carried onto the patient's cortex through the MNI registration.
// A missing atlas only costs the patch.
void AppModel::computeAtlasPatch(const TargetSpec& spec) {
  constexpr double kLabelReachMm = 2.0;  // cortex vertices lie just outside labelled voxels
  const auto& cortex = patient_->model.cortex_lps;
  if (!cortex || !patient_->registration || spec.atlas_region.empty()) return;
  auto region = resolveAtlasRegion(spec.atlas_region, kTemplateDir);
  if (!region) return;
  std::vector<Eigen::Vector3d> points_mni(static_cast<size_t>(cortex->GetNumberOfPoints()));
  for (vtkIdType i = 0; i < cortex->GetNumberOfPoints(); ++i) {
    Eigen::Vector3d p;
    cortex->GetPoint(i, p.data());
    points_mni[static_cast<size_t>(i)] = patient_->registration->toMni(p);
  }
  if (auto inside = regionContains(*region, points_mni, kLabelReachMm, *atlases_))
    atlas_patches_[spec.name] = std::move(*inside);
}

const std::vector<unsigned char>* AppModel::activeAtlasPatch() const {
  if (!target()) return nullptr;
  const auto it = atlas_patches_.find(target()->name);
  return it == atlas_patches_.end() ? nullptr : &it->second;
}

Result<Done> AppModel::compareDlpfc() {
  for (const auto& spec : dlpfcCompareSpecs())
    if (auto r = setTargetSpec(spec); !r) return Error{spec + ": " + r.error()};
  return Done{};
}

Result<Done> AppModel::selectTarget(size_t index) {
  if (index >= targets_.size()) return Error{"no such target"};
  if (worker_.state() == TrackerState::Running) return Error{"stop tracking before retargeting"};
  active_ = index;
  ++revision_;
  return Done{};
}

Result<Done> AppModel::removeTarget(size_t index) {
  if (index >= targets_.size()) return Error{"no such target"};
  if (worker_.state() == TrackerState::Running) return Error{"stop tracking before retargeting"};
  targets_.erase(targets_.begin() + static_cast<long>(index));
  if (active_ > index || active_ == targets_.size()) active_ = active_ == 0 ? 0 : active_ - 1;
  ++revision_;
  return Done{};
}

// Every target source ends here: the same planner as the command line.
Result<Done> AppModel::plan(const TargetSpec& spec) {
  if (workflow_ != Workflow::Ready) return Error{"load an MRI before choosing a target"};
  if (worker_.state() == TrackerState::Running) return Error{"stop tracking before retargeting"};
  if (!patient_->surfaces) return Error{"the patient's surfaces are not indexed"};
  auto t = planSpec(*patient_->surfaces, spec, PlanOptions{},
                    patient_->registration ? &*patient_->registration : nullptr);
  if (!t) return Error{t.error()};
  // A target of the same name is replaced; others are kept for comparison.
  auto same = std::find_if(targets_.begin(), targets_.end(),
                           [&](const PlannedTarget& o) { return o.name == t->name; });
  if (same == targets_.end())
    same = targets_.insert(targets_.end(), *t);
  else
    *same = *t;
  active_ = static_cast<size_t>(same - targets_.begin());
  if (spec.method == "atlas") computeAtlasPatch(spec);
  ++revision_;
  return Done{};
}

Result<Done> AppModel::startSimulation() {
  if (!target()) return Error{"choose a target before tracking"};
  const TrackingSetup setup = simulatedSetup();
  SimulatedTracker sim(SimulationConfig{}, target()->target_to_mri, setup);
  return startSource(std::make_unique<RealtimeSimulatedSource>(std::move(sim), now_s_), setup,
                     "simulated coil");
}

Result<Done> AppModel::startIgtl(const std::string& host, int port) {
  if (!target()) return Error{"choose a target before tracking"};
  if (host.empty() || port < 1 || port > 65535) return Error{"give the server as HOST:PORT"};
  auto wall = [] {
    return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch())
        .count();
  };
  auto source =
      std::make_unique<IgtlClientSource>(IgtlClientOptions{host, port, {}}, now_s_, wall, stats_);
  return startSource(std::move(source), TrackingSetup{},
                     "OpenIGTLink " + host + ":" + std::to_string(port));
}

Result<Done> AppModel::startReplay(const std::string& path, double speed, bool loop) {
  if (!target()) return Error{"choose a target before tracking"};
  auto frames = readPlusSequence(path);
  if (!frames) return Error{frames.error()};
  auto source = std::make_unique<ReplaySource>(std::move(*frames), ReplayOptions{speed, loop, {}},
                                               now_s_, stats_);
  return startSource(std::move(source), TrackingSetup{}, "recording " + path);
}

Result<Done> AppModel::startSource(std::unique_ptr<TrackerSource> source,
                                   const TrackingSetup& setup, const std::string& name) {
  stats_.samples = stats_.valid = stats_.invalid = stats_.rejected = stats_.reconnects =
      stats_.flagged_timestamps = 0;
  auto started = worker_.start(std::move(source));
  if (!started) return started;
  source_name_ = name;
  session_.emplace(target()->target_to_mri, setup);
  session_start_s_ = now_s_();
  frames_seen_ = 0;
  // A new append-only log per tracking session, named by wall-clock start time.
  std::error_code ec;
  std::filesystem::create_directories(session_dir_, ec);
  char stamp[32];
  const std::time_t now = std::time(nullptr);
  std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", std::localtime(&now));
  session_log_path_ =
      (std::filesystem::path(session_dir_) / ("session-" + std::string(stamp) + ".jsonl")).string();
  auto log = SessionLog::open(session_log_path_);
  if (log)
    log_.emplace(std::move(*log));
  else
    last_error_ = log.error();
  return Done{};
}

Result<Done> AppModel::stopTracking() {
  auto stopped = worker_.stop();
  if (!stopped) return stopped;
  if (log_) (void)log_->sync();
  log_.reset();
  return Done{};
}

void AppModel::finishLoad() {
  auto result = job_->take();
  job_.reset();
  if (!result) {
    workflow_ = Workflow::Failed;
    last_error_ = result.error();
  } else {
    patient_ = std::make_unique<LoadedPatient>(std::move(*result));
    workflow_ = Workflow::Ready;
  }
  ++revision_;
}

void AppModel::tick() {
  if (workflow_ == Workflow::Loading && job_ && job_->finished()) finishLoad();
  if (!session_) return;
  const double now = now_s_();
  auto [frame, sequence] = mailbox_.latest();
  latest_frame_ = frame;
  const bool new_sample = sequence != frames_seen_;
  frames_seen_ = sequence;
  // Every UI frame re-evaluates the latest sample against the clock, so a silent tracker
  // turns into "not tracking" by age even when no new frame arrives.
  guidance_ = frame ? session_->step(*frame, now) : session_->noData(now);
  sample_age_s_ = frame ? now - frame->timestamp_s : -1.0;
  logUpdate(new_sample);
}

void AppModel::logUpdate(bool new_sample) {
  if (!log_ || !(new_sample || guidance_.state != last_logged_state_)) return;
  GuidanceUpdate record = guidance_;
  record.t_s = guidance_.t_s - session_start_s_;
  if (auto w = log_->append(formatTrackRecord(
          record, latest_frame_ ? *latest_frame_ : TrackerFrame{}, guidance_.t_s));
      !w)
    last_error_ = w.error();
  last_logged_state_ = guidance_.state;
}

std::optional<double> AppModel::coilScalpToCortexMm() const {
  // The coil's centre sits above the scalp by hair and casing; farther than this it is
  // not over the head and no scalp point is "under" it.
  constexpr double kMaxCoilToScalpMm = 20.0;
  if (!guidance_.coil_to_mri || guidance_.state == GuidanceState::NotTracking || !patient_ ||
      !patient_->surfaces)
    return std::nullopt;
  const Eigen::Vector3d centre = guidance_.coil_to_mri->iso().translation();
  return patient_->surfaces->scalp.valueAt(kScalpToCortexArray, centre, kMaxCoilToScalpMm);
}

std::optional<std::string> AppModel::correction() const {
  if (!guidance_.errors || !session_) return std::nullopt;
  return describeCorrection(*guidance_.errors, session_->targetToMri());
}

}  // namespace tmsnav
