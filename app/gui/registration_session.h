#pragma once
// The app's patient registration (issue 18): made by the live wizard (pivot, coil,
// landmarks, sweep, checkpoint with the tracked pointer), on a simulated patient in one
// go, or loaded from a registration.json made for this MRI; solved off the UI thread;
// what navigation then reads poses through.
#include <future>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "navigation/patient_registration.h"
#include "navigation/registration_wizard.h"

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
  double made_at_s = 0.0;                      // monotonic clock
  std::optional<Eigen::Vector3d> pointer_tip;  // pointer_tip_to_pointer_marker, when known
  std::optional<CoilCalibration> coil;         // made by the wizard's coil step
  // The wizard ends with the checkpoint touch; a registration loaded from a file (the next
  // session) is confirmed by touching it before guidance starts.
  bool checkpoint_confirmed = false;
};

enum class WizardCommand { Accept, Redo, Skip, FinishNow, Cancel };

struct WizardStart {
  std::vector<CoilTouchPoint> coil_points;     // the coil model's
  std::optional<Eigen::Vector3d> pointer_tip;  // a saved pointer calibration
  // The head reference's true place, when the pointer is simulated: the true TRE is shown.
  std::optional<Transform<frame::HeadRef, frame::Mri>> truth;
};

class RegistrationSession {
 public:
  // Both read the patient on the UI thread (a copy) and work on a thread of their own.
  [[nodiscard]] Result<Done> simulate(const LoadedPatient& patient, PatientPlanner& planner,
                                      unsigned long long seed);
  [[nodiscard]] Result<Done> load(const std::string& path, const std::string& mri_path);
  void clear();
  // The live wizard on the patient's landmarks, targets and scalp (its k-d tree is built
  // off the UI thread first). Fed with every tracker frame; it ends in a registration.
  [[nodiscard]] Result<Done> startWizard(const LoadedPatient& patient, PatientPlanner& planner,
                                         WizardStart start);
  [[nodiscard]] Result<Done> command(WizardCommand c);
  void feed(const std::vector<TrackerFrame>& frames);
  // Null while no wizard runs (or its scalp is still being prepared).
  const RegistrationWizard* wizard() const { return wizard_.get(); }
  bool wizardActive() const {
    return scalp_job_.valid() || (wizard_ && wizard_->step() != WizardStep::Done);
  }
  // Digitised points with their distance to the scalp (mm), for the 3-D view.
  const std::vector<std::pair<Eigen::Vector3d, double>>& digitised() const { return digitised_; }
  std::uint64_t digitisedVersion() const { return digitised_version_; }  // bumped on change
  // Once per UI frame: takes a finished job. now_s stamps a new registration.
  void tick(double now_s);

  RegistrationStatus status() const { return status_; }
  const std::optional<AppRegistration>& current() const { return current_; }
  const std::string& error() const { return error_; }
  // Bumped each time a new registration becomes current (navigation restarts with it).
  std::uint64_t generation() const { return generation_; }

 private:
  [[nodiscard]] Result<Done> startJob(std::future<Result<AppRegistration>> job);
  static Result<AppRegistration> loadChecked(const std::string& path, const std::string& mri_path);

  RegistrationStatus status_ = RegistrationStatus::None;
  std::optional<AppRegistration> current_;
  std::string error_;
  std::uint64_t generation_ = 0;
  std::future<Result<AppRegistration>> job_;
  void tickWizard(double now_s);
  void finishWizard(double now_s);
  std::future<Result<std::shared_ptr<const ScalpSurface>>> scalp_job_;
  WizardSetup wizard_setup_;  // waits for its scalp
  std::optional<Transform<frame::HeadRef, frame::Mri>> truth_;
  std::unique_ptr<RegistrationWizard> wizard_;
  bool wizard_taken_ = false;  // its registration became current_
  std::future<Result<WizardResult>> solve_job_;
  void resetDigitised();
  using DigitisedKey = std::tuple<WizardStep, WizardPhase, size_t>;
  std::optional<DigitisedKey> digitised_key_;  // the wizard's state the points were made at
  std::vector<std::pair<Eigen::Vector3d, double>> digitised_;
  std::uint64_t digitised_version_ = 0;
};

}  // namespace tmsnav
