#pragma once
// What the technician's view shows, computed without any UI (issues 14, 30).
//
// One frame for the picture, the numbers and the words: the coil as the technician holds
// it and sees it, from above (looking along the planned axis into the head), its handle
// pointing down the screen toward the technician, as Brainsight and Localite show it.
// Screen +x is right, +y is down (toward the handle), in mm on the planned tangent plane;
// +z is into the head, away from the viewer, so the frame is right-handed and nothing is
// mirrored. The four ends of the bullseye are labelled "right", "handle", "left", "front"
// and the words use exactly these labels.
//
// The target is the centre of a bullseye; the coil centre is a dot on it, with a
// one-second trail; the planned handle is a line from the centre; the tilt is a bubble on
// the raised side of the coil (a spirit level's bubble rises to the high side); the depth
// is a bar; the corrections are words. When no pose is usable it says only NOT TRACKING
// and why.
#include <array>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "navigation/navigation_session.h"

namespace tmsnav {

// The words at the ends of the bullseye's axes: screen right, down, left, up.
inline const std::array<std::string, 4> kAimEdges = {"right", "handle", "left", "front"};
// The bubble reaches the rim of its circle at this tilt.
constexpr double kBubbleRangeDeg = 10.0;

struct AimView {
  GuidanceState state = GuidanceState::NotTracking;
  std::string headline;                    // "NOT TRACKING", "OFF TARGET", "ON TARGET"
  std::string reason;                      // not tracking: why, in words
  std::optional<Eigen::Vector2d> coil_mm;  // coil centre from the target, screen mm
  std::vector<Eigen::Vector2d> trail_mm;   // where it was over the last second, oldest first
  // The planned handle's direction on the screen (unit; the coil's own handle is straight
  // down), and the turn that brings the handle onto it: + clockwise seen from above.
  std::optional<Eigen::Vector2d> planned_handle;
  std::optional<double> turn_deg;
  std::optional<double> tilt_deg;  // angle between the coil's axis and the planned one
  // Where the coil's +z axis tips toward: the raised edge (unit, screen axes; zero when
  // level). The bubble sits that way, at min(1, tilt / kBubbleRangeDeg) of its circle's
  // radius.
  std::optional<Eigen::Vector2d> lean;
  std::optional<Eigen::Vector2d> bubble;
  std::optional<double> depth_mm;        // + deeper than planned, - above it
  std::vector<std::string> corrections;  // move / tilt / turn / depth, in that order
  std::array<std::string, 4> edges = kAimEdges;
  double on_target_for_s = 0.0;
  double pose_age_s = -1.0;  // of the pose shown; -1 before the first
  // The footer's words for it: "pose 12 ms old", "no pose yet" (tracking, nothing received),
  // "tracking off" (before Start and after Stop: no pose is expected).
  std::string pose_age_words;
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
  // Target-frame tangential positions: turned into the screen with the newest handle.
  std::deque<std::pair<double, Eigen::Vector2d>> trail_;
  std::optional<double> on_target_since_s_;
};

// Why there is no usable pose, from the tool lights and the registration: "coil marker
// not visible", "head reference stale 0.4 s", "touch the checkpoint", ...
std::string notTrackingReason(const NavigationSnapshot& nav);

// The footer's age of the pose shown (AimView::pose_age_words).
std::string poseAgeWords(const NavigationSnapshot& nav);

}  // namespace tmsnav
