#pragma once
// The technician's numbers: how far the coil is from the planned pose, expressed in the
// planned target frame (x, y tangent to the scalp, z = depth into the head), and the
// on-target decision with hysteresis and dwell so that the display does not flicker.
#include <optional>
#include <string>

#include <Eigen/Geometry>

#include "core/frames.h"

namespace tmsnav {

struct GuidanceErrors {
  Eigen::Vector3d offset_target_mm = Eigen::Vector3d::Zero();  // coil origin in target frame
  double position_mm = 0.0;  // 3-D distance of coil centre to the planned entry point
  double tilt_rad = 0.0;     // angle between coil z and planned z
  double handle_rad = 0.0;   // signed rotation of the handle about the planned z
};

GuidanceErrors computeGuidanceErrors(const Transform<frame::Coil, frame::Mri>& coil_to_mri,
                                     const Transform<frame::Target, frame::Mri>& target_to_mri);

// "move 4 mm anterior, 2 mm left": the tangential correction in anatomical words (LPS world).
std::string describeCorrection(const GuidanceErrors& e,
                               const Transform<frame::Target, frame::Mri>& target_to_mri);

enum class GuidanceState { NotTracking, OffTarget, OnTarget };
const char* toString(GuidanceState s);

struct GuidanceThresholds {
  double enter_mm = 2.0, leave_mm = 3.0;
  double enter_tilt_rad = 3.0 * 3.14159265358979323846 / 180.0;
  double leave_tilt_rad = 4.0 * 3.14159265358979323846 / 180.0;
  double enter_handle_rad = 5.0 * 3.14159265358979323846 / 180.0;
  double leave_handle_rad = 7.0 * 3.14159265358979323846 / 180.0;
  double dwell_s = 0.5;  // inside the enter thresholds this long before "on target"
};

class GuidanceStateMachine {
 public:
  explicit GuidanceStateMachine(GuidanceThresholds t = {}) : t_(t) {}
  // errors empty = some needed pose is missing, invalid or stale.
  GuidanceState update(const std::optional<GuidanceErrors>& errors, double t_s);
  GuidanceState state() const { return state_; }
  const GuidanceThresholds& thresholds() const { return t_; }

 private:
  bool inside(const GuidanceErrors& e) const;
  bool outside(const GuidanceErrors& e) const;

  GuidanceThresholds t_;
  GuidanceState state_ = GuidanceState::NotTracking;
  std::optional<double> inside_since_s_;
};

}  // namespace tmsnav
