#pragma once
// The registration wizard's lifecycle (issue 18), without any UI: pivot -> coil ->
// landmarks -> scalp sweep -> checkpoint, each step collecting from the live pointer,
// solved off the caller's thread, then reviewed (accept or redo). An explicit state
// machine: each step is Collecting -> Solving -> Review, and a command the current state
// does not allow is refused with the reason. The app drives it; tests drive it with
// simulated frames.
//
//   Collecting --(enough data, or finishNow)--> Solving --solved ok--> Review
//   Solving --solved with an error--> Collecting (the data cleared, the error kept)
//   Review --accept--> next step's Collecting ... --> Done
//   Collecting | Review --redo--> Collecting;  Collecting --skip--> next step (when allowed)
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "navigation/coil_calibration.h"
#include "navigation/patient_registration.h"
#include "tracking/landmark_touches.h"
#include "tracking/pivot_calibration.h"
#include "tracking/tracker_frame.h"

namespace tmsnav {

enum class WizardStep { Pivot, Coil, Landmarks, Sweep, Checkpoint, Done };
enum class WizardPhase { Collecting, Solving, Review };
const char* toString(WizardStep s);
const char* toString(WizardPhase p);

struct WizardSetup {
  std::vector<NamedPoint> landmarks;          // image landmarks (LPS), touched in this order
  std::vector<NamedPoint> targets;            // where the TRE is predicted
  std::shared_ptr<const ScalpSurface> scalp;  // none: no sweep step
  std::vector<CoilTouchPoint> coil_points;    // none: the coil step can only be skipped
  // Saved calibrations: with them the pivot or coil step may be skipped.
  std::optional<Eigen::Vector3d> pointer_tip;
  std::optional<Transform<frame::Coil, frame::CoilMarker>> coil_to_coil_marker;
  std::string checkpoint = "nasion";  // the landmark touched again as the checkpoint
  double max_age_s = 0.1;             // a pose older than this at its frame is not used
  PivotOptions pivot;
  TouchOptions touch;
  size_t pivot_poses = 150;  // collected before the pivot is solved
  size_t sweep_goal = 150;   // scalp points collected before the sweep is solved
  size_t min_sweep = 20;     // finishNow accepts a sweep this long
  double sweep_spacing_mm = 2.0;
};

// What the wizard has made so far.
struct WizardResult {
  std::optional<PivotResult> pivot;
  Eigen::Vector3d pointer_tip = Eigen::Vector3d::Zero();
  bool pointer_calibrated = false;
  std::optional<CoilCalibration> coil;
  std::optional<PatientRegistration> registration;
  std::optional<Eigen::Vector3d> checkpoint;  // touched, in the head reference's frame
  double checkpoint_error_mm = 0.0;           // its distance to the image landmark
};

struct DigitisedPoint {
  Eigen::Vector3d p_mri = Eigen::Vector3d::Zero();
  bool landmark = false;  // else a sweep point
};

class RegistrationWizard {
 public:
  explicit RegistrationWizard(WizardSetup setup);

  WizardStep step() const { return step_; }
  WizardPhase phase() const { return phase_; }
  const WizardResult& result() const { return result_; }
  // What to do now, in words ("touch the nasion (1 of 3)"), and the step's figure.
  std::string instruction() const;
  std::string figure() const;
  // Every figure made so far, one line each (the finished wizard's report).
  std::vector<std::string> summary() const;
  // The last problem: a refused touch, a failed solve. Cleared when the step moves on.
  const std::string& problem() const { return problem_; }
  // Why the newest frame's pointer cannot be used (empty: it can).
  const std::string& pointerProblem() const { return pointer_problem_; }
  size_t collected() const;  // poses, touches or points in the current step
  // The coil step's marks (coil frame) and the one to touch now (none outside the step).
  const std::vector<CoilTouchPoint>& coilMarks() const { return setup_->coil_points; }
  std::optional<size_t> coilMarkNow() const;
  const std::vector<std::string>& sweepAdvice() const { return sweep_advice_; }
  // Touched landmarks and sweep points in the MRI through the landmark fit (empty before).
  std::vector<DigitisedPoint> digitised() const;

  // Every tracker frame, in order. Only a Collecting step reads them.
  void feed(const TrackerFrame& frame);
  // The step has what it needs: the owner should start solving.
  bool readyToSolve() const { return phase_ == WizardPhase::Collecting && ready_; }
  // Solve what was collected so far (the pivot, a sweep of min_sweep points or more).
  [[nodiscard]] Result<Done> finishNow();
  // Collecting -> Solving: the job works on copies and may run on any thread.
  [[nodiscard]] Result<std::function<Result<WizardResult>()>> beginSolve();
  [[nodiscard]] Result<Done> endSolve(Result<WizardResult> solved);
  [[nodiscard]] Result<Done> accept();
  [[nodiscard]] Result<Done> redo();
  [[nodiscard]] Result<Done> skip();

 private:
  void enter(WizardStep step);
  void clearCollected();
  Result<Done> requireCollecting(const char* what) const;
  void feedPivot(const TrackerFrame& frame);
  void feedTouch(const TrackerFrame& frame, const std::string& reference);
  void feedSweep(const TrackerFrame& frame);
  bool canSkip() const;
  WizardStep nextAfter(WizardStep s) const;

  std::shared_ptr<const WizardSetup> setup_;
  WizardStep step_ = WizardStep::Pivot;
  WizardPhase phase_ = WizardPhase::Collecting;
  WizardResult result_;
  WizardResult result_before_step_;  // what redo goes back to
  bool ready_ = false;
  std::string problem_;
  std::string pointer_problem_;
  std::vector<Eigen::Isometry3d> pivot_poses_;
  double pivot_spread_rad_ = 0.0;
  std::optional<TouchStream> touches_;
  std::vector<Eigen::Vector3d> touched_;
  std::vector<double> touched_at_s_;
  std::vector<Eigen::Vector3d> sweep_;
  std::vector<std::string> sweep_advice_;
};

}  // namespace tmsnav
