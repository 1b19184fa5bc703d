#include "tracking/registration_monitor.h"

#include <cstdio>

namespace tmsnav {

namespace {
std::string format(const char* f, double a, double b = 0.0) {
  char s[160];
  std::snprintf(s, sizeof s, f, a, b);
  return s;
}
}  // namespace

const char* toString(RegistrationState s) {
  switch (s) {
    case RegistrationState::Valid:
      return "valid";
    case RegistrationState::NeedsCheckpoint:
      return "needs_checkpoint";
    case RegistrationState::Invalid:
      return "invalid";
  }
  return "invalid";
}

RegistrationMonitor::RegistrationMonitor(std::optional<Eigen::Vector3d> checkpoint,
                                         RegistrationMonitorOptions options)
    : options_(options), checkpoint_(std::move(checkpoint)) {}

void RegistrationMonitor::suspect(const std::string& why) {
  if (state_ != RegistrationState::Valid) return;
  state_ = RegistrationState::NeedsCheckpoint;
  reason_ = "re-register or touch the checkpoint: " + why;
}

void RegistrationMonitor::invalidate(const std::string& why) {
  state_ = RegistrationState::Invalid;
  reason_ = "re-register: " + why;
}

void RegistrationMonitor::observe(const TrackerFrame& f) {
  const ToolPose* ref = f.find(kHeadRefTool);
  if (!ref || ref->status != PoseStatus::Ok) return;
  const Eigen::Vector3d p = ref->tool_to_tracker.translation();
  if (!recent_.empty()) {
    const double jump = (p - recent_.back().second).norm();
    if (jump > options_.max_jump_mm)
      suspect(format("the head reference jumped %.1f mm between two updates", jump));
  }
  recent_.emplace_back(ref->timestamp_s, p);
  // Speed against the newest sample at least min_baseline_s older.
  while (recent_.size() > 2 && ref->timestamp_s - recent_[1].first >= options_.min_baseline_s)
    recent_.pop_front();
  const double dt = ref->timestamp_s - recent_.front().first;
  if (dt >= options_.min_baseline_s) {
    const double moved = (p - recent_.front().second).norm();
    if (moved / dt > options_.max_speed_mm_s)
      suspect(format("the head reference moved %.1f mm in %.0f ms", moved, 1000.0 * dt));
  }
  const ToolPose* second = f.find(kSecondHeadRefTool);
  if (second && second->status == PoseStatus::Ok) {
    const Eigen::Isometry3d relative = ref->tool_to_tracker.inverse() * second->tool_to_tracker;
    if (!references_) references_ = relative;
    const double change = (relative.translation() - references_->translation()).norm();
    if (change > options_.max_references_change_mm)
      invalidate(format("the two head references moved %.1f mm relative to each other", change));
  }
}

Result<double> RegistrationMonitor::confirmCheckpoint(const Eigen::Vector3d& touched) {
  if (!checkpoint_) return Error{"this registration has no checkpoint"};
  if (state_ == RegistrationState::Invalid) return Error{reason_};
  const double drift = (touched - *checkpoint_).norm();
  if (drift > options_.max_checkpoint_drift_mm) {
    invalidate(format("the checkpoint drifted %.1f mm (more than %.1f mm)", drift,
                      options_.max_checkpoint_drift_mm));
  } else {
    state_ = RegistrationState::Valid;
    reason_.clear();
    recent_.clear();
  }
  return drift;
}

}  // namespace tmsnav
