#include "app/gui/registration_session.h"

#include "app/gui/load_job.h"
#include "imaging/scalp_points.h"
#include "io/registration_file.h"
#include "io/sha256.h"
#include "navigation/simulated_registration.h"
#include "planning/target_list.h"

namespace tmsnav {

const char* toString(RegistrationStatus s) {
  switch (s) {
    case RegistrationStatus::None:
      return "none";
    case RegistrationStatus::Running:
      return "running";
    case RegistrationStatus::Ready:
      return "ready";
    case RegistrationStatus::Failed:
      return "failed";
  }
  return "failed";
}

Result<Done> RegistrationSession::startJob(std::future<Result<AppRegistration>> job) {
  job_ = std::move(job);
  status_ = RegistrationStatus::Running;
  error_.clear();
  return Done{};
}

Result<Done> RegistrationSession::simulate(const LoadedPatient& patient, PatientPlanner& planner,
                                           unsigned long long seed) {
  if (status_ == RegistrationStatus::Running) return Error{"a registration is already running"};
  std::vector<NamedPoint> landmarks;
  const auto all = planner.scalpLandmarks();
  for (const char* name : {"nasion", "lpa", "rpa"}) {
    const auto it = all.find(name);
    if (it == all.end()) return Error{"the simulated registration needs the scalp landmarks"};
    landmarks.push_back({name, it->second});
  }
  std::vector<NamedPoint> targets;
  for (const auto& t : planner.list().all()) targets.push_back({t.name, t.target_lps});
  // The mesh's points are copied here, on the UI thread that also renders it; their k-d
  // tree is built on the job's thread.
  auto points = scalpPointsOf(patient.model.scalp_lps);
  if (!points) return Error{points.error()};
  return startJob(
      std::async(std::launch::async, [=, points = std::move(*points)]() -> Result<AppRegistration> {
        try {  // nothing is thrown across the thread
          auto scalp = ScalpSurface::make(points.vertices, points.normals);
          if (!scalp) return Error{scalp.error()};
          auto sim = simulateRegistration(landmarks, *scalp, targets, seed);
          if (!sim) return Error{sim.error()};
          const auto& first = sim->registration.landmarks.front();
          return AppRegistration{sim->registration, first.touched, sim->true_tre_mm,
                                 "simulated pointer (seed " + std::to_string(seed) + ")", 0.0};
        } catch (const std::exception& e) {
          return Error{std::string("registration failed: ") + e.what()};
        }
      }));
}

Result<Done> RegistrationSession::load(const std::string& path, const std::string& mri_path) {
  if (status_ == RegistrationStatus::Running) return Error{"a registration is already running"};
  return startJob(std::async(std::launch::async, [=]() -> Result<AppRegistration> {
    try {
      return loadChecked(path, mri_path);
    } catch (const std::exception& e) {
      return Error{std::string("registration failed: ") + e.what()};
    }
  }));
}

Result<AppRegistration> RegistrationSession::loadChecked(const std::string& path,
                                                         const std::string& mri_path) {
  auto record = readRegistration(path);
  if (!record) return Error{record.error()};
  auto sha = sha256File(mri_path);
  if (!sha) return Error{"the loaded MRI cannot be identified: " + sha.error()};
  if (record->mri_sha256 != *sha)
    return Error{path + " was made for another MRI (SHA-256 differs)"};
  return AppRegistration{record->registration, record->checkpoint, {}, path, 0.0};
}

void RegistrationSession::clear() {
  current_.reset();
  error_.clear();
  if (status_ != RegistrationStatus::Running) status_ = RegistrationStatus::None;
}

void RegistrationSession::tick(double now_s) {
  if (status_ != RegistrationStatus::Running || !job_.valid()) return;
  if (job_.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return;
  auto result = job_.get();
  if (!result) {
    status_ = RegistrationStatus::Failed;
    error_ = result.error();
    return;
  }
  current_ = std::move(*result);
  current_->made_at_s = now_s;
  status_ = RegistrationStatus::Ready;
}

}  // namespace tmsnav
