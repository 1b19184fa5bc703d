#pragma once
// Landmark touches in a pointer recording, as a user makes them: the pointer's tip held on
// a landmark (still within ~1.5 mm for at least 0.5 s) while the pointer pivots about it.
// With a calibrated tip the touches come straight from the tip's path (touch_detector.h).
// Without one, the tip is calibrated from the touches themselves: stretches where the
// pointer pivots about a fixed point are found with short pivot fits, and one least-squares
// fit gives the tip common to all of them and a pivot point per touch.
#include <optional>
#include <vector>

#include <Eigen/Geometry>

#include "core/result.h"
#include "tracking/touch_detector.h"

namespace tmsnav {

struct PointerSample {
  double t_s = 0.0;
  // The pointer marker in the head reference's frame; nullopt when either was not usable.
  std::optional<Eigen::Isometry3d> pointer_to_reference;
};

struct TipFromTouches {
  Eigen::Vector3d tip_in_marker = Eigen::Vector3d::Zero();
  double rms_mm = 0.0;  // residual of the joint fit
  size_t pivots = 0;    // pivoting stretches used
};

// Refuses recordings with fewer than 2 pivoting stretches (the tip is then not determined).
Result<TipFromTouches> tipFromPivotingTouches(const std::vector<PointerSample>& samples);

// The tip's path in the reference frame, then findTouches.
std::vector<Touch> findLandmarkTouches(const std::vector<PointerSample>& samples,
                                       const Eigen::Vector3d& tip_in_marker,
                                       const TouchOptions& options = {});

// Touches as they happen, for live steps (the wizard, a checkpoint asked for during
// guidance): each touch is reported once, when its hold has ended (the tip moved away or
// a marker was lost), never while the user is still holding.
class TouchStream {
 public:
  explicit TouchStream(Eigen::Vector3d tip_in_marker, TouchOptions options = {});
  // A finished touch, if this sample ended one.
  std::optional<Touch> add(const PointerSample& sample);
  void clear() { samples_.clear(); }

 private:
  Eigen::Vector3d tip_;
  TouchOptions options_;
  std::vector<PointerSample> samples_;
};

}  // namespace tmsnav
