#pragma once
// Rigid paired-point registration (Umeyama's least squares, no scaling) with the figures
// that say how good it is: per-point residuals, FRE, and the target registration error
// predicted at a point by Fitzpatrick and West (1998):
//   <TRE^2(r)> = <FLE^2>/N * (1 + 1/3 * sum_k d_k^2 / f_k^2)
// with d_k the target's distance from the k-th principal axis of the fiducials and f_k the
// fiducials' RMS distance from it; <FLE^2> is estimated from the fit as
// <FRE^2> / (1 - 2/N). FRE alone does not predict TRE and is never shown as accuracy.
#include <string>
#include <vector>

#include <Eigen/Geometry>

#include "core/result.h"

namespace tmsnav {

struct PairedPointFit {
  Eigen::Isometry3d from_to_to = Eigen::Isometry3d::Identity();
  std::vector<double> residuals_mm;  // |to_i - from_to_to * from_i|
  double fre_mm = 0.0;               // RMS of the residuals
  double fle_mm = 0.0;               // FLE estimated from FRE (RMS); 0 with 3 points or fewer
};

// Refuses fewer than 3 pairs, non-finite points and (nearly) collinear configurations
// in either set (their smallest spread under min_spread_mm).
Result<PairedPointFit> fitRigid(const std::vector<Eigen::Vector3d>& from,
                                const std::vector<Eigen::Vector3d>& to, double min_spread_mm = 5.0);

// Fitzpatrick-West RMS TRE at `target` (same frame as `fiducials`) for an RMS FLE.
double predictedTreMm(const std::vector<Eigen::Vector3d>& fiducials, double fle_rms_mm,
                      const Eigen::Vector3d& target);

// FLE (RMS) from FRE (RMS) for N points: <FRE^2> = (1 - 2/N) <FLE^2>. N = 3 gives 1/3.
double fleFromFre(double fre_rms_mm, size_t n);

}  // namespace tmsnav
