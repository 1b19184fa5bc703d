#pragma once
// The app's patient registration (issue 18): made on a simulated patient or loaded from a
// registration.json made for this MRI, always off the UI thread; what navigation then
// reads poses through. The wizard's live steps (pivot, touches, sweep, checkpoint with a
// real pointer) will drive the same navigation/ functions.
#include <future>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "navigation/patient_registration.h"

namespace tmsnav {

struct LoadedPatient;
class PatientPlanner;

enum class RegistrationStatus { None, Running, Ready, Failed };
const char* toString(RegistrationStatus s);

struct AppRegistration {
  PatientRegistration registration;
  std::optional<Eigen::Vector3d> checkpoint;  // in the head reference's frame
  std::map<std::string, double> true_tre_mm;  // simulated patients only
  std::string source;
  double made_at_s = 0.0;  // monotonic clock
};

class RegistrationSession {
 public:
  // Both read the patient on the UI thread (a copy) and work on a thread of their own.
  [[nodiscard]] Result<Done> simulate(const LoadedPatient& patient, PatientPlanner& planner,
                                      unsigned long long seed);
  [[nodiscard]] Result<Done> load(const std::string& path, const std::string& mri_path);
  void clear();
  // Once per UI frame: takes a finished job. now_s stamps a new registration.
  void tick(double now_s);

  RegistrationStatus status() const { return status_; }
  const std::optional<AppRegistration>& current() const { return current_; }
  const std::string& error() const { return error_; }

 private:
  [[nodiscard]] Result<Done> startJob(std::future<Result<AppRegistration>> job);
  static Result<AppRegistration> loadChecked(const std::string& path, const std::string& mri_path);

  RegistrationStatus status_ = RegistrationStatus::None;
  std::optional<AppRegistration> current_;
  std::string error_;
  std::future<Result<AppRegistration>> job_;
};

}  // namespace tmsnav
