#pragma once
// Watches a patient registration while navigating (issue 18, "checkpoint and slip"). With
// one head reference, a slipped reference looks like a moving head; so a reference that
// moves faster than a head plausibly does (100 mm/s, or 10 mm between two updates) makes
// the registration need its checkpoint touched again before guidance resumes, and a
// checkpoint that drifted more than 3 mm invalidates it. With a second reference, a change
// of the two references' relative pose over 2 mm invalidates it at once. An explicit state
// machine: Valid -> NeedsCheckpoint -> Valid | Invalid; Invalid is final (re-register).
#include <deque>
#include <optional>
#include <string>

#include <Eigen/Geometry>

#include "core/result.h"
#include "tracking/tracker_frame.h"

namespace tmsnav {

enum class RegistrationState { Valid, NeedsCheckpoint, Invalid };
const char* toString(RegistrationState s);

struct RegistrationMonitorOptions {
  double max_speed_mm_s = 100.0;
  double max_jump_mm = 10.0;
  double max_checkpoint_drift_mm = 3.0;
  double max_references_change_mm = 2.0;
  double min_baseline_s = 0.015;  // speed over at least this long: tracker noise is not motion
};

inline const char* kSecondHeadRefTool = "HeadRef2";

class RegistrationMonitor {
 public:
  // checkpoint: a point touched right after registering, in the head reference's frame.
  explicit RegistrationMonitor(std::optional<Eigen::Vector3d> checkpoint = std::nullopt,
                               RegistrationMonitorOptions options = {});

  void observe(const TrackerFrame& frame);  // usable head reference poses only
  // A new touch of the checkpoint (in the head reference's frame): its drift, and the
  // state it leads to. Refused when there is no checkpoint or the registration is invalid.
  Result<double> confirmCheckpoint(const Eigen::Vector3d& touched);
  // Valid -> NeedsCheckpoint: guidance waits for the checkpoint (at its start, say).
  void requireCheckpoint(const std::string& why) { suspect(why); }
  const std::optional<Eigen::Vector3d>& checkpoint() const { return checkpoint_; }
  RegistrationState state() const { return state_; }
  const std::string& reason() const { return reason_; }  // why not Valid

 private:
  void suspect(const std::string& why);
  void invalidate(const std::string& why);

  RegistrationMonitorOptions options_;
  std::optional<Eigen::Vector3d> checkpoint_;
  RegistrationState state_ = RegistrationState::Valid;
  std::string reason_;
  std::deque<std::pair<double, Eigen::Vector3d>> recent_;  // reference origin by time
  std::optional<Eigen::Isometry3d> references_;            // second reference in the first's frame
};

}  // namespace tmsnav
