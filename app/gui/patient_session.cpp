#include "app/gui/patient_session.h"

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

PatientSession::PatientSession(DataPaths paths) : paths_(std::move(paths)) {}

Result<Done> PatientSession::load(const std::string& path, const std::string& series_uid,
                                  OrientationPolicy orientation) {
  if (workflow_ == Workflow::Loading) return Error{"an MRI is already loading"};
  job_ = std::make_unique<LoadJob>(path, series_uid, paths_.template_dir, atlases_, orientation);
  mri_path_ = path;
  planner_.reset();
  patient_.reset();
  last_error_.clear();
  workflow_ = Workflow::Loading;
  return Done{};
}

Result<Done> PatientSession::cancel() {
  if (workflow_ != Workflow::Loading) return Error{"nothing is loading"};
  job_->cancel();
  return Done{};
}

bool PatientSession::tick() {
  if (workflow_ != Workflow::Loading || !job_ || !job_->finished()) return false;
  finishLoad();
  return true;
}

void PatientSession::finishLoad() {
  auto result = job_->take();
  job_.reset();
  if (!result) {
    workflow_ = Workflow::Failed;
    last_error_ = result.error();
    return;
  }
  patient_ = std::make_unique<LoadedPatient>(std::move(*result));
  workflow_ = Workflow::Ready;
  PatientPlanningInputs inputs{patient_->surfaces.get(),
                               patient_->registration ? &*patient_->registration : nullptr,
                               patient_->registration_note,
                               {},
                               paths_.template_dir};
  // Without the fiducials (a broken install) scalp rules say they lack landmarks; every
  // other target still works.
  if (inputs.registration)
    if (auto fiducials = loadMniFiducials(paths_.fiducials_json))
      inputs.fiducials_mni_lps = std::move(*fiducials);
  if (inputs.surfaces) planner_ = std::make_unique<PatientPlanner>(std::move(inputs), atlases_);
}

Result<PatientPlanner*> PatientSession::planner() {
  if (workflow_ != Workflow::Ready) return Error{"load an MRI first"};
  if (!planner_) return Error{"the patient's surfaces are not indexed"};
  return planner_.get();
}

}  // namespace tmsnav
