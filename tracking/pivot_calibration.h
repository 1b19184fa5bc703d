#pragma once
// Pointer pivot calibration: the user pivots the pointer's tip in a divot while the
// tracker reports the pointer marker's pose. Every pose satisfies
//   marker_to_tracker * p_tip_in_marker = p_pivot_in_tracker,
// solved by least squares for the tip (in the marker frame) and the pivot (in the
// tracker frame), then again without the poses whose residual is an outlier.
#include <vector>

#include <Eigen/Geometry>

#include "core/result.h"

namespace tmsnav {

struct PivotOptions {
  double max_rms_mm = 1.0;         // refuse a worse fit (PLUS's typical RMS is 0.5 mm)
  double min_spread_rad = 0.2618;  // 15 degrees: less cannot separate tip from pivot
  double outlier_factor = 3.0;     // residuals above this many times the median are dropped
  size_t min_poses = 10;
};

struct PivotResult {
  Eigen::Vector3d tip_in_marker = Eigen::Vector3d::Zero();     // pointer_tip_to_pointer_marker
  Eigen::Vector3d pivot_in_tracker = Eigen::Vector3d::Zero();  // the divot
  double rms_mm = 0.0;      // tip residual RMS over the poses used
  double spread_rad = 0.0;  // largest rotation of the marker away from the first pose
  size_t used = 0;          // poses in the final fit
  size_t rejected = 0;      // outliers dropped
};

// Refuses fewer than min_poses poses, too little spread and an RMS above the cap, each with a
// message that says what to do.
Result<PivotResult> calibratePivot(const std::vector<Eigen::Isometry3d>& marker_to_tracker,
                                   const PivotOptions& options = {});

}  // namespace tmsnav
