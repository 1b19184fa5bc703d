#include "navigation/registration_wizard.h"

#include <cstdio>

#include "core/coords.h"
#include "navigation/frame_collector.h"

namespace tmsnav {

namespace {
// A checkpoint touched farther than this from its image landmark was not that landmark.
constexpr double kMaxCheckpointMissMm = 10.0;
// The pivot is solved once the spread is this much over the minimum the solver accepts.
constexpr double kPivotSpreadMargin = 1.5;
constexpr size_t kAdviceEveryPoints = 10;

std::string fmt(const char* format, double a, double b = 0.0, double c = 0.0) {
  char s[256];
  std::snprintf(s, sizeof s, format, a, b, c);
  return s;
}

const NamedPoint* find(const std::vector<NamedPoint>& points, const std::string& name) {
  for (const auto& p : points)
    if (p.name == name) return &p;
  return nullptr;
}
}  // namespace

const char* toString(WizardStep s) {
  switch (s) {
    case WizardStep::Pivot:
      return "pivot";
    case WizardStep::Coil:
      return "coil";
    case WizardStep::Landmarks:
      return "landmarks";
    case WizardStep::Sweep:
      return "sweep";
    case WizardStep::Checkpoint:
      return "checkpoint";
    case WizardStep::Done:
      return "done";
  }
  return "done";
}

const char* toString(WizardPhase p) {
  switch (p) {
    case WizardPhase::Collecting:
      return "collecting";
    case WizardPhase::Solving:
      return "solving";
    case WizardPhase::Review:
      return "review";
  }
  return "review";
}

RegistrationWizard::RegistrationWizard(WizardSetup setup)
    : setup_(std::make_shared<const WizardSetup>(std::move(setup))) {
  enter(WizardStep::Pivot);
}

void RegistrationWizard::enter(WizardStep step) {
  step_ = step;
  phase_ = step == WizardStep::Done ? WizardPhase::Review : WizardPhase::Collecting;
  problem_.clear();
  result_before_step_ = result_;
  clearCollected();
}

void RegistrationWizard::clearCollected() {
  ready_ = false;
  pivot_poses_.clear();
  pivot_spread_rad_ = 0.0;
  touched_.clear();
  touched_at_s_.clear();
  sweep_.clear();
  sweep_advice_.clear();
  touches_.reset();
  if (result_.pointer_calibrated) touches_.emplace(result_.pointer_tip, setup_->touch);
}

size_t RegistrationWizard::collected() const {
  switch (step_) {
    case WizardStep::Pivot:
      return pivot_poses_.size();
    case WizardStep::Sweep:
      return sweep_.size();
    default:
      return touched_.size();
  }
}

std::string RegistrationWizard::instruction() const {
  const WizardSetup& s = *setup_;
  if (phase_ == WizardPhase::Solving || (phase_ == WizardPhase::Collecting && ready_))
    return "Computing...";
  if (phase_ == WizardPhase::Review && step_ != WizardStep::Done)
    return "Check the figure: accept it, or redo the step";
  switch (step_) {
    case WizardStep::Pivot:
      return fmt(
          "Put the pointer's tip in the divot and pivot it slowly in a cone "
          "(%.0f of %.0f poses, spread %.0f deg)",
          double(pivot_poses_.size()), double(s.pivot_poses), degFromRad(pivot_spread_rad_));
    case WizardStep::Coil:
      if (s.coil_points.empty()) return "No coil model with touch points: skip this step";
      return "Touch the coil's mark: " + coilMarkName(s.coil_points[touched_.size()].name) + " (" +
             std::to_string(touched_.size() + 1) + " of " + std::to_string(s.coil_points.size()) +
             "), hold still half a second";
    case WizardStep::Landmarks:
      return "Touch the patient's " + s.landmarks[touched_.size()].name + " (" +
             std::to_string(touched_.size() + 1) + " of " + std::to_string(s.landmarks.size()) +
             "), hold still half a second while turning the pointer";
    case WizardStep::Sweep:
      return fmt("Sweep the pointer over the scalp (%.0f of %.0f points; %.0f are enough)",
                 double(sweep_.size()), double(s.sweep_goal), double(s.min_sweep));
    case WizardStep::Checkpoint:
      return "Touch the " + s.checkpoint +
             " again: guidance asks for this checkpoint before it starts";
    case WizardStep::Done:
      return "Registration complete";
  }
  return "";
}

std::optional<size_t> RegistrationWizard::coilMarkNow() const {
  if (step_ != WizardStep::Coil || phase_ != WizardPhase::Collecting ||
      touched_.size() >= setup_->coil_points.size())
    return std::nullopt;
  return touched_.size();
}

std::string RegistrationWizard::figure() const {
  const WizardResult& r = result_;
  switch (step_) {
    case WizardStep::Pivot:
      return r.pivot ? fmt("pivot RMS %.2f mm over %.0f poses, spread %.0f deg", r.pivot->rms_mm,
                           double(r.pivot->used), degFromRad(r.pivot->spread_rad))
                     : "";
    case WizardStep::Coil:
      return r.coil ? fmt("coil calibration FRE %.2f mm", r.coil->fre_mm) : "";
    case WizardStep::Landmarks:
      return r.registration ? fmt("landmark FRE %.2f mm (RMS); FLE estimated %.2f mm",
                                  r.registration->fre_mm, r.registration->fle_mm)
                            : "";
    case WizardStep::Sweep:
      return r.registration && r.registration->icp
                 ? fmt("scalp points %.2f -> %.2f mm from the scalp; %.0f%% inliers",
                       r.registration->icp->mean_before_mm, r.registration->icp->mean_after_mm,
                       100.0 * r.registration->icp->inlier_fraction)
                 : "";
    case WizardStep::Checkpoint:
    case WizardStep::Done:
      return r.checkpoint
                 ? fmt("checkpoint %.1f mm from the image's landmark", r.checkpoint_error_mm)
                 : "";
  }
  return "";
}

std::vector<std::string> RegistrationWizard::summary() const {
  const WizardResult& r = result_;
  std::vector<std::string> out;
  if (r.pivot) out.push_back(fmt("pointer: pivot RMS %.2f mm", r.pivot->rms_mm));
  if (r.coil) out.push_back(fmt("coil: calibration FRE %.2f mm", r.coil->fre_mm));
  if (const auto& g = r.registration) {
    out.push_back(
        fmt("landmarks: FRE %.2f mm over %.0f points", g->fre_mm, double(g->landmarks.size())));
    if (g->icp)
      out.push_back(fmt("scalp: %.0f points, %.2f -> %.2f mm from the scalp",
                        double(g->sweep_points), g->icp->mean_before_mm, g->icp->mean_after_mm));
    for (const auto& [name, mm] : g->predicted_tre_mm)
      out.push_back(fmt("predicted TRE %.1f mm at ", mm) + name);
  }
  if (r.checkpoint)
    out.push_back(fmt("checkpoint: %.1f mm from the image's ", r.checkpoint_error_mm) +
                  setup_->checkpoint);
  return out;
}

std::vector<DigitisedPoint> RegistrationWizard::digitised() const {
  std::vector<DigitisedPoint> out;
  if (!result_.registration) return out;
  const Eigen::Isometry3d to_mri = result_.registration->head_ref_to_mri.iso();
  for (const auto& l : result_.registration->landmarks) out.push_back({to_mri * l.touched, true});
  const auto& sweep = step_ == WizardStep::Sweep && phase_ == WizardPhase::Collecting
                          ? sweep_
                          : result_.registration->sweep;
  for (const auto& p : sweep) out.push_back({to_mri * p, false});
  return out;
}

void RegistrationWizard::feed(const TrackerFrame& frame) {
  if (phase_ != WizardPhase::Collecting || ready_) return;
  switch (step_) {
    case WizardStep::Pivot:
      feedPivot(frame);
      break;
    case WizardStep::Coil:
      if (!setup_->coil_points.empty()) feedTouch(frame, kCoilMarkerTool);
      break;
    case WizardStep::Landmarks:
    case WizardStep::Checkpoint:
      feedTouch(frame, kHeadRefTool);
      break;
    case WizardStep::Sweep:
      feedSweep(frame);
      break;
    case WizardStep::Done:
      break;
  }
}

void RegistrationWizard::feedPivot(const TrackerFrame& frame) {
  // The divot may sit on the head reference, or on a block in the tracker's frame when no
  // reference is tracked.
  std::optional<Eigen::Isometry3d> seen;
  if (frame.find(kHeadRefTool)) {
    const PointerReading r = readPointer(frame, kHeadRefTool, setup_->max_age_s);
    pointer_problem_ = r.unusable;
    seen = r.pointer_to_reference;
  } else if (const ToolPose* p = frame.find(kPointerTool);
             p && isUsable(*p, frame.timestamp_s, setup_->max_age_s)) {
    pointer_problem_.clear();
    seen = p->tool_to_tracker;
  } else {
    pointer_problem_ = "the pointer is not visible";
  }
  if (!seen) return;
  const Eigen::Isometry3d pose = *seen;
  if (!pivot_poses_.empty())
    pivot_spread_rad_ = std::max(
        pivot_spread_rad_,
        Eigen::AngleAxisd(pivot_poses_.front().linear().transpose() * pose.linear()).angle());
  pivot_poses_.push_back(pose);
  ready_ = pivot_poses_.size() >= setup_->pivot_poses &&
           pivot_spread_rad_ >= kPivotSpreadMargin * setup_->pivot.min_spread_rad;
}

void RegistrationWizard::feedTouch(const TrackerFrame& frame, const std::string& reference) {
  const PointerReading r = readPointer(frame, reference, setup_->max_age_s);
  pointer_problem_ = r.unusable;
  const ToolPose* pointer = frame.find(kPointerTool);
  // The pointer is in view but its reference is not: whatever it touches now cannot be
  // placed, and the user must know at once (not find a silently wrong point later).
  if (!r.pointer_to_reference && pointer && pointer->status == PoseStatus::Ok)
    problem_ = "touch refused: " + r.unusable + "; keep both markers in view";
  if (!touches_) return;
  const auto touch = touches_->add({frame.timestamp_s, r.pointer_to_reference});
  if (!touch) return;
  problem_.clear();
  touched_.push_back(touch->point);
  touched_at_s_.push_back(touch->start_s);
  const size_t needed = step_ == WizardStep::Coil        ? setup_->coil_points.size()
                        : step_ == WizardStep::Landmarks ? setup_->landmarks.size()
                                                         : 1;
  ready_ = touched_.size() >= needed;
}

void RegistrationWizard::feedSweep(const TrackerFrame& frame) {
  const PointerReading r = readPointer(frame, kHeadRefTool, setup_->max_age_s);
  pointer_problem_ = r.unusable;
  if (!r.pointer_to_reference) return;
  const Eigen::Vector3d tip = *r.pointer_to_reference * result_.pointer_tip;
  if (!sweep_.empty() && (tip - sweep_.back()).norm() < setup_->sweep_spacing_mm) return;
  sweep_.push_back(tip);
  if (result_.registration && sweep_.size() % kAdviceEveryPoints == 0)
    sweep_advice_ = tmsnav::sweepAdvice(*result_.registration, sweep_, setup_->landmarks);
  ready_ = sweep_.size() >= setup_->sweep_goal;
}

Result<Done> RegistrationWizard::requireCollecting(const char* what) const {
  if (phase_ != WizardPhase::Collecting)
    return Error{std::string("cannot ") + what + " while the " + toString(step_) + " step is " +
                 toString(phase_)};
  return Done{};
}

Result<Done> RegistrationWizard::finishNow() {
  if (auto ok = requireCollecting("finish"); !ok) return ok;
  if (step_ == WizardStep::Pivot && pivot_poses_.size() >= setup_->pivot.min_poses)
    return ready_ = true, Done{};
  if (step_ == WizardStep::Sweep && sweep_.size() >= setup_->min_sweep)
    return ready_ = true, Done{};
  return Error{"the " + std::string(toString(step_)) + " step needs more data: " + instruction()};
}

Result<std::function<Result<WizardResult>()>> RegistrationWizard::beginSolve() {
  if (auto ok = requireCollecting("solve"); !ok) return Error{ok.error()};
  if (!ready_) return Error{"the step has not collected enough yet"};
  phase_ = WizardPhase::Solving;
  auto setup = setup_;
  WizardResult r = result_;
  switch (step_) {
    case WizardStep::Pivot:
      return std::function([setup, r, poses = pivot_poses_]() mutable -> Result<WizardResult> {
        auto pivot = calibratePivot(poses, setup->pivot);
        if (!pivot) return Error{pivot.error()};
        r.pivot = *pivot;
        r.pointer_tip = pivot->tip_in_marker;
        r.pointer_calibrated = true;
        return r;
      });
    case WizardStep::Coil:
      return std::function([setup, r, touched = touched_]() mutable -> Result<WizardResult> {
        auto coil = fitCoilTouches(touched, setup->coil_points);
        if (!coil) return Error{coil.error()};
        r.coil = *coil;
        return r;
      });
    case WizardStep::Landmarks:
      return std::function(
          [setup, r, touched = touched_, at = touched_at_s_]() mutable -> Result<WizardResult> {
            auto reg = fitLandmarkTouches(touched, at, setup->landmarks, setup->targets);
            if (!reg) return Error{reg.error()};
            reg->pointer_tip = r.pointer_tip;
            reg->pointer_tip_source = r.pivot ? "pivot calibration" : "saved pointer calibration";
            r.registration = *reg;
            return r;
          });
    case WizardStep::Sweep:
      return std::function([setup, r, sweep = sweep_]() mutable -> Result<WizardResult> {
        if (!r.registration || !setup->scalp) return Error{"no landmark fit to refine"};
        if (auto ok = refineWithSweep(*r.registration, sweep, *setup->scalp, setup->landmarks,
                                      setup->targets);
            !ok)
          return Error{"the sweep did not refine the registration: " + ok.error()};
        return r;
      });
    case WizardStep::Checkpoint:
      return std::function([setup, r, touched = touched_]() mutable -> Result<WizardResult> {
        const NamedPoint* image = find(setup->landmarks, setup->checkpoint);
        if (!r.registration || !image || touched.empty())
          return Error{"the checkpoint needs a registration and the landmark " + setup->checkpoint};
        const double miss =
            (r.registration->head_ref_to_mri.iso() * touched.front() - image->p_lps).norm();
        if (miss > kMaxCheckpointMissMm)
          return Error{fmt("the checkpoint was touched %.1f mm from the image's ", miss) +
                       setup->checkpoint + ": touch the " + setup->checkpoint + " itself"};
        r.checkpoint = touched.front();
        r.checkpoint_error_mm = miss;
        return r;
      });
    case WizardStep::Done:
      break;
  }
  phase_ = WizardPhase::Collecting;
  return Error{"nothing to solve: the registration is complete"};
}

Result<Done> RegistrationWizard::endSolve(Result<WizardResult> solved) {
  if (phase_ != WizardPhase::Solving) return Error{"no step is being solved"};
  if (!solved) {
    phase_ = WizardPhase::Collecting;
    clearCollected();
    problem_ = solved.error();
    return Done{};
  }
  result_ = std::move(*solved);
  phase_ = WizardPhase::Review;
  return Done{};
}

WizardStep RegistrationWizard::nextAfter(WizardStep s) const {
  switch (s) {
    case WizardStep::Pivot:
      return WizardStep::Coil;
    case WizardStep::Coil:
      return WizardStep::Landmarks;
    case WizardStep::Landmarks:
      return setup_->scalp ? WizardStep::Sweep : WizardStep::Checkpoint;
    case WizardStep::Sweep:
      return WizardStep::Checkpoint;
    default:
      return WizardStep::Done;
  }
}

Result<Done> RegistrationWizard::accept() {
  if (phase_ != WizardPhase::Review || step_ == WizardStep::Done)
    return Error{std::string("nothing to accept while the ") + toString(step_) + " step is " +
                 toString(phase_)};
  enter(nextAfter(step_));
  return Done{};
}

Result<Done> RegistrationWizard::redo() {
  if (phase_ == WizardPhase::Solving || step_ == WizardStep::Done)
    return Error{std::string("cannot redo while the ") + toString(step_) + " step is " +
                 toString(phase_)};
  result_ = result_before_step_;
  phase_ = WizardPhase::Collecting;
  problem_.clear();
  clearCollected();
  return Done{};
}

bool RegistrationWizard::canSkip() const {
  switch (step_) {
    case WizardStep::Pivot:
      return setup_->pointer_tip.has_value();
    case WizardStep::Coil:
    case WizardStep::Sweep:
      return true;
    default:
      return false;
  }
}

Result<Done> RegistrationWizard::skip() {
  if (auto ok = requireCollecting("skip"); !ok) return ok;
  if (!canSkip())
    return Error{step_ == WizardStep::Pivot
                     ? "the pointer has no saved calibration: pivot it"
                     : std::string("the ") + toString(step_) + " step cannot be skipped"};
  if (step_ == WizardStep::Pivot) {
    result_.pointer_tip = *setup_->pointer_tip;
    result_.pointer_calibrated = true;
  }
  enter(nextAfter(step_));
  return Done{};
}

}  // namespace tmsnav
