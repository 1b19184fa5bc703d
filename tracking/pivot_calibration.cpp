#include "tracking/pivot_calibration.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

#include "core/coords.h"

namespace tmsnav {

namespace {
struct Solution {
  Eigen::Vector3d tip, pivot;
};

// [R_i  -I] [tip; pivot] = -p_i for every pose, in one least-squares system.
Solution solve(const std::vector<Eigen::Isometry3d>& poses, const std::vector<size_t>& use) {
  Eigen::MatrixXd a(3 * use.size(), 6);
  Eigen::VectorXd b(3 * use.size());
  for (size_t k = 0; k < use.size(); ++k) {
    const Eigen::Isometry3d& m = poses[use[k]];
    a.block<3, 3>(3 * k, 0) = m.linear();
    a.block<3, 3>(3 * k, 3) = -Eigen::Matrix3d::Identity();
    b.segment<3>(3 * k) = -m.translation();
  }
  const Eigen::VectorXd x = a.colPivHouseholderQr().solve(b);
  return {x.head<3>(), x.tail<3>()};
}

double residual(const Eigen::Isometry3d& m, const Solution& s) {
  return (m * s.tip - s.pivot).norm();
}

double spread(const std::vector<Eigen::Isometry3d>& poses) {
  double widest = 0.0;
  for (const auto& m : poses)
    widest = std::max(widest,
                      Eigen::AngleAxisd(poses.front().linear().transpose() * m.linear()).angle());
  return widest;
}

std::string mm(double v) {
  char s[32];
  std::snprintf(s, sizeof s, "%.2f mm", v);
  return s;
}
}  // namespace

Result<PivotResult> calibratePivot(const std::vector<Eigen::Isometry3d>& poses,
                                   const PivotOptions& options) {
  if (poses.size() < options.min_poses)
    return Error{"pivot calibration needs at least " + std::to_string(options.min_poses) +
                 " pointer poses; got " + std::to_string(poses.size())};
  for (const auto& m : poses)
    if (!m.matrix().allFinite()) return Error{"a pointer pose is not finite"};
  PivotResult r;
  r.spread_rad = spread(poses);
  if (r.spread_rad < options.min_spread_rad)
    return Error{"the pointer turned only " +
                 std::to_string(std::lround(degFromRad(r.spread_rad))) +
                 " degrees: pivot it further around the divot (at least " +
                 std::to_string(std::lround(degFromRad(options.min_spread_rad))) +
                 " degrees, in more than one direction)"};
  std::vector<size_t> use(poses.size());
  for (size_t i = 0; i < use.size(); ++i) use[i] = i;
  Solution s = solve(poses, use);
  // One round of outlier rejection: a slip out of the divot or a bad sample.
  std::vector<double> res(poses.size());
  for (size_t i = 0; i < poses.size(); ++i) res[i] = residual(poses[i], s);
  std::vector<double> sorted = res;
  std::nth_element(sorted.begin(), sorted.begin() + static_cast<long>(sorted.size() / 2),
                   sorted.end());
  const double limit = std::max(options.outlier_factor * sorted[sorted.size() / 2], 1e-6);
  use.clear();
  for (size_t i = 0; i < poses.size(); ++i)
    if (res[i] <= limit) use.push_back(i);
  if (use.size() >= options.min_poses && use.size() < poses.size()) {
    s = solve(poses, use);
  } else {  // nothing to drop, or too much: keep every pose
    use.resize(poses.size());
    std::iota(use.begin(), use.end(), size_t{0});
  }
  double sum2 = 0.0;
  for (size_t i : use) sum2 += std::pow(residual(poses[i], s), 2);
  r.tip_in_marker = s.tip;
  r.pivot_in_tracker = s.pivot;
  r.rms_mm = std::sqrt(sum2 / static_cast<double>(use.size()));
  r.used = use.size();
  r.rejected = poses.size() - use.size();
  if (r.rms_mm > options.max_rms_mm)
    return Error{"pivot RMS " + mm(r.rms_mm) + " is above " + mm(options.max_rms_mm) +
                 ": keep the tip in the divot and pivot slowly, then try again"};
  return r;
}

}  // namespace tmsnav
