#include "tracking/paired_point.h"

#include <cmath>

#include <Eigen/SVD>

namespace tmsnav {

namespace {
Eigen::Matrix3Xd columns(const std::vector<Eigen::Vector3d>& points) {
  Eigen::Matrix3Xd m(3, static_cast<long>(points.size()));
  for (size_t i = 0; i < points.size(); ++i) m.col(static_cast<long>(i)) = points[i];
  return m;
}

// The second-largest principal spread (RMS distance from the best-fit line).
double spreadOffLine(const Eigen::Matrix3Xd& m) {
  const Eigen::Matrix3Xd c = m.colwise() - m.rowwise().mean();
  Eigen::JacobiSVD<Eigen::Matrix3Xd> svd(c);
  return svd.singularValues()(1) / std::sqrt(static_cast<double>(m.cols()));
}
}  // namespace

double fleFromFre(double fre_rms_mm, size_t n) {
  if (n <= 2) return 0.0;
  const double factor = 1.0 - 2.0 / static_cast<double>(n);
  return std::sqrt(fre_rms_mm * fre_rms_mm / factor);
}

Result<PairedPointFit> fitRigid(const std::vector<Eigen::Vector3d>& from,
                                const std::vector<Eigen::Vector3d>& to, double min_spread_mm) {
  if (from.size() != to.size()) return Error{"the two point sets differ in size"};
  if (from.size() < 3)
    return Error{"registration needs at least 3 point pairs; got " + std::to_string(from.size())};
  const Eigen::Matrix3Xd a = columns(from), b = columns(to);
  if (!a.allFinite() || !b.allFinite()) return Error{"a registration point is not finite"};
  if (spreadOffLine(a) < min_spread_mm || spreadOffLine(b) < min_spread_mm)
    return Error{"the points lie (nearly) on a line: touch points spread over the head"};
  PairedPointFit fit;
  fit.from_to_to.matrix() = Eigen::umeyama(a, b, false);
  double sum2 = 0.0;
  for (size_t i = 0; i < from.size(); ++i) {
    const double r = (to[i] - fit.from_to_to * from[i]).norm();
    fit.residuals_mm.push_back(r);
    sum2 += r * r;
  }
  fit.fre_mm = std::sqrt(sum2 / static_cast<double>(from.size()));
  fit.fle_mm = fleFromFre(fit.fre_mm, from.size());
  return fit;
}

double predictedTreMm(const std::vector<Eigen::Vector3d>& fiducials, double fle_rms_mm,
                      const Eigen::Vector3d& target) {
  const size_t n = fiducials.size();
  if (n < 3) return std::nan("");
  const Eigen::Matrix3Xd m = columns(fiducials);
  const Eigen::Vector3d centroid = m.rowwise().mean();
  const Eigen::Matrix3Xd c = m.colwise() - centroid;
  Eigen::JacobiSVD<Eigen::Matrix3Xd> svd(c, Eigen::ComputeFullU);
  const Eigen::Matrix3d axes = svd.matrixU();  // principal axes of the configuration
  const Eigen::Vector3d t = target - centroid;
  double sum = 0.0;
  for (int k = 0; k < 3; ++k) {
    const Eigen::Vector3d axis = axes.col(k);
    // Distance from axis k: the norm of the component perpendicular to it.
    const double d2 = (t - t.dot(axis) * axis).squaredNorm();
    double f2 = 0.0;
    for (long i = 0; i < c.cols(); ++i) f2 += (c.col(i) - c.col(i).dot(axis) * axis).squaredNorm();
    f2 /= static_cast<double>(n);
    sum += d2 / f2;
  }
  return std::sqrt(fle_rms_mm * fle_rms_mm / static_cast<double>(n) * (1.0 + sum / 3.0));
}

}  // namespace tmsnav
