#pragma once
// One patient in the app: the workflow Empty -> Loading -> Ready | Failed (an explicit
// state machine; loading runs on a LoadJob thread) and, once Ready, the planner that keeps
// its targets. Data paths come in through the constructor.
#include <memory>
#include <string>

#include "app/asset_paths.h"
#include "app/gui/load_job.h"
#include "planning/target_list.h"

namespace tmsnav {

enum class Workflow { Empty, Loading, Ready, Failed };
const char* toString(Workflow w);

class PatientSession {
 public:
  explicit PatientSession(DataPaths paths);

  // Empty | Ready | Failed -> Loading. DICOM: series_uid empty = the T1-like series.
  [[nodiscard]] Result<Done> load(const std::string& path, const std::string& series_uid = "",
                                  OrientationPolicy orientation = OrientationPolicy::Auto);
  [[nodiscard]] Result<Done> cancel();  // Loading -> Failed ("cancelled") when the job ends
  // Once per UI frame: hands a finished load over whole. True when the patient changed.
  bool tick();

  Workflow workflow() const { return workflow_; }
  const std::string& mriPath() const { return mri_path_; }
  double progress() const { return job_ ? job_->progress() : 0.0; }
  std::string stage() const { return job_ ? job_->stage() : std::string(); }
  const std::string& lastError() const { return last_error_; }
  const LoadedPatient* patient() const { return patient_.get(); }
  // The planner of the Ready patient, or why there is none.
  Result<PatientPlanner*> planner();
  const PatientPlanner* plannerIfReady() const { return planner_.get(); }

 private:
  void finishLoad();

  DataPaths paths_;
  Workflow workflow_ = Workflow::Empty;
  std::string mri_path_;
  std::string last_error_;
  // Shared with the load job, which fills it in the background once a patient is ready.
  std::shared_ptr<AtlasCache> atlases_ = std::make_shared<AtlasCache>();
  std::unique_ptr<LoadJob> job_;
  std::unique_ptr<LoadedPatient> patient_;
  std::unique_ptr<PatientPlanner> planner_;
};

}  // namespace tmsnav
