#pragma once
// Everything the app knows and does, without any UI toolkit: the patient workflow (an
// explicit state machine), the target, tracking and guidance, and the session log.
// Panels read it and send commands; the script runner sends the same commands.
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/gui/load_job.h"
#include "app/plan_builder.h"
#include "imaging/target_planner.h"
#include "tracking/guidance_session.h"
#include "tracking/session_log.h"
#include "tracking/source_stats.h"
#include "tracking/tracker_worker.h"

namespace tmsnav {

enum class Workflow { Empty, Loading, Ready, Failed };
const char* toString(Workflow w);

class AppModel {
 public:
  AppModel(std::function<double()> now_s, std::string session_dir);
  ~AppModel();

  // Commands. Each either happens or says why not.
  // Empty/Ready/Failed -> Loading. DICOM: series_uid empty = the T1-like series.
  Result<Done> loadMri(const std::string& path, const std::string& series_uid = "");
  Result<Done> cancelLoad();  // Loading -> Failed ("cancelled")
  Result<Done> setTarget(const Eigen::Vector3d& p_lps, const std::string& name,
                         const std::string& method);          // needs Ready
  Result<Done> setTargetMni(const Eigen::Vector3d& mni_lps);  // needs the MNI registration
  // Any target source of the CLI: ras:, mni:, atlas:, 10-20:, 5cm-rule: ...
  Result<Done> setTargetSpec(const std::string& spec);
  // The target list: every target set is kept; one is active (guided to).
  Result<Done> selectTarget(size_t index);
  Result<Done> removeTarget(size_t index);
  // Plans every left-DLPFC method (dlpfcCompareSpecs) into the list, side by side.
  Result<Done> compareDlpfc();
  // nasion, inion, lpa, rpa: moved onto the scalp; later scalp-rule targets use it.
  Result<Done> setLandmark(const std::string& name, const Eigen::Vector3d& p_lps);
  Result<Done> startSimulation();  // needs a target, tracker idle
  // A live server or a recording. No registration yet: head_ref_to_mri is the identity,
  // as is the coil calibration, and the panel says so.
  Result<Done> startIgtl(const std::string& host, int port);
  Result<Done> startReplay(const std::string& path, double speed, bool loop);
  Result<Done> stopTracking();  // needs a running tracker

  // Called once per UI frame: finishes loading, reads the latest tracker frame.
  void tick();

  Workflow workflow() const { return workflow_; }
  const std::string& mriPath() const { return mri_path_; }
  double loadProgress() const { return job_ ? job_->progress() : 0.0; }
  std::string loadStage() const { return job_ ? job_->stage() : std::string(); }
  const std::string& lastError() const { return last_error_; }
  const LoadedPatient* patient() const { return patient_.get(); }
  // The active target (guided to), or null when none is planned.
  const PlannedTarget* target() const {
    return active_ < targets_.size() ? &targets_[active_] : nullptr;
  }
  const std::vector<PlannedTarget>& targets() const { return targets_; }
  size_t activeTarget() const { return active_; }
  // For an active atlas target: 1 per cortex vertex inside its region (the app colours it).
  const std::vector<unsigned char>* activeAtlasPatch() const;
  // Scalp landmarks (LPS) once a scalp-rule target or an edit needed them.
  std::map<std::string, Eigen::Vector3d> landmarks() const;
  // The tape measurements behind the last Beam F3 target, if one was planned.
  std::optional<BeamF3> beamF3() const;
  const GuidanceUpdate& guidance() const { return guidance_; }
  std::optional<std::string> correction() const;  // "move 4 mm anterior"
  // Scalp-to-cortex distance (mm) under the coil: at the scalp vertex nearest the coil's
  // centre, only while guidance has a usable pose and the coil is near the scalp.
  std::optional<double> coilScalpToCortexMm() const;
  TrackerState trackerState() const { return worker_.state(); }
  std::uint64_t framesReceived() const { return frames_seen_; }
  double sampleAgeS() const { return sample_age_s_; }
  const std::string& sessionLogPath() const { return session_log_path_; }
  const std::optional<TrackerFrame>& latestFrame() const { return latest_frame_; }
  double nowS() const { return now_s_(); }
  double maxSampleAgeS() const { return session_ ? session_->setup().max_age_s : 0.1; }
  SourceCounts sourceCounts() const { return stats_.snapshot(); }
  const std::string& sourceName() const { return source_name_; }
  // Bumped when the patient or target changes, so views know to rebuild.
  std::uint64_t revision() const { return revision_; }

 private:
  void finishLoad();
  Result<Done> plan(const TargetSpec& spec);
  Result<PlanningContext*> planning();
  void computeAtlasPatch(const TargetSpec& spec);
  void logUpdate(bool new_sample);
  Result<Done> startSource(std::unique_ptr<TrackerSource> source, const TrackingSetup& setup,
                           const std::string& name);

  std::function<double()> now_s_;
  std::string session_dir_;
  Workflow workflow_ = Workflow::Empty;
  std::string mri_path_;
  std::string last_error_;
  // Shared with the load job, which fills it in the background once a patient is ready.
  std::shared_ptr<AtlasCache> atlases_ = std::make_shared<AtlasCache>();
  std::unique_ptr<LoadJob> job_;
  std::unique_ptr<LoadedPatient> patient_;
  std::unique_ptr<PlanningContext> planning_;  // landmarks and 10-20 positions, on first use
  std::optional<PlannedTarget> target_;        // the active one of targets_
  std::vector<PlannedTarget> targets_;
  size_t active_ = 0;
  std::map<std::string, std::vector<unsigned char>> atlas_patches_;  // by target name

  LatestMailbox<TrackerFrame> mailbox_;
  TrackerWorker worker_{mailbox_};
  std::optional<GuidanceSession> session_;
  std::optional<SessionLog> log_;
  std::string session_log_path_;
  double session_start_s_ = 0.0;
  GuidanceUpdate guidance_;
  GuidanceState last_logged_state_ = GuidanceState::NotTracking;
  std::uint64_t frames_seen_ = 0;
  std::optional<TrackerFrame> latest_frame_;
  SourceStats stats_;
  std::string source_name_;
  double sample_age_s_ = -1.0;
  std::uint64_t revision_ = 0;
};

}  // namespace tmsnav
