#pragma once
// What the technician's view shows, computed without any UI (issue 14): the view looks down
// the planned coil axis (target frame: screen right = +x, screen down = +y, +z into the
// head, away from the viewer). The coil centre is a dot on a bullseye around the target,
// with a one-second trail; the handle against the planned one; the tilt as a bubble; the
// depth as a bar; the corrections in words, in the patient's anatomical terms. When no
// pose is usable it says only NOT TRACKING and why.
#include <array>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "navigation/navigation_session.h"

namespace tmsnav {

struct AimView {
  GuidanceState state = GuidanceState::NotTracking;
  std::string headline;                     // "NOT TRACKING", "OFF TARGET", "ON TARGET"
  std::string reason;                       // not tracking: why, in words
  std::optional<Eigen::Vector2d> coil_mm;   // coil centre on the bullseye (screen axes)
  std::vector<Eigen::Vector2d> trail_mm;    // where it was over the last second, oldest first
  std::optional<double> handle_rad;         // coil handle from the planned one, clockwise on screen
  std::optional<Eigen::Vector2d> tilt_deg;  // where the coil's axis leans (screen axes)
  std::optional<double> depth_mm;           // + deeper than planned, - above it
  std::vector<std::string> corrections;     // move / tilt / turn / depth, largest first
  // The anatomical direction toward each edge of the bullseye: right, down, left, up.
  std::array<std::string, 4> edges;
  double on_target_for_s = 0.0;
  double pose_age_s = -1.0;  // of the pose shown; -1 before the first
};

class TechnicianDisplay {
 public:
  // Once per UI frame, from the newest snapshot and the active target.
  const AimView& update(const NavigationSnapshot& nav,
                        const std::optional<Transform<frame::Target, frame::Mri>>& target_to_mri,
                        const GuidanceThresholds& thresholds = {});
  const AimView& view() const { return view_; }

 private:
  AimView view_;
  std::deque<std::pair<double, Eigen::Vector2d>> trail_;
  std::optional<double> on_target_since_s_;
};

// Why there is no usable pose, from the tool lights and the registration: "coil marker
// not visible", "head reference stale 0.4 s", "touch the checkpoint", ...
std::string notTrackingReason(const NavigationSnapshot& nav);

// "the left ear", "the forehead", ... for a direction in LPS.
std::string anatomicalDirection(const Eigen::Vector3d& d_lps);

}  // namespace tmsnav
