#pragma once
// Finds landmark touches in a stream of pointer-tip positions: the tip held still (every
// sample within `radius_mm` of the window's median) for at least `min_hold_s`, while the
// pointer itself may pivot about the tip. Samples where the tip is unknown (a marker not
// visible, a stale pose) break a hold: a touch is never made of them.
#include <optional>
#include <vector>

#include <Eigen/Core>

namespace tmsnav {

struct TipSample {
  double t_s = 0.0;
  std::optional<Eigen::Vector3d> tip;  // in the head reference's frame; nullopt: not usable
};

struct TouchOptions {
  double radius_mm = 1.5;
  double min_hold_s = 0.5;
  // findLandmarkTouches: a hold during which the pointer turned less than this is the
  // pointer lying still, not a hand touching a landmark (2 degrees).
  double min_turn_rad = 0.035;
  // findLandmarkTouches: consecutive holds closer than this are one touch broken by a
  // jitter (a calibrated tip stays still enough for a single stray sample to split it);
  // two landmarks are never this close.
  double same_landmark_mm = 3.0;
};

struct Touch {
  double start_s = 0.0, end_s = 0.0;
  Eigen::Vector3d point = Eigen::Vector3d::Zero();  // per-axis median of the hold
  size_t samples = 0;
};

std::vector<Touch> findTouches(const std::vector<TipSample>& samples,
                               const TouchOptions& options = {});

// Per-axis median of points (robust against a stray sample in a short burst).
Eigen::Vector3d medianPoint(std::vector<Eigen::Vector3d> points);

}  // namespace tmsnav
