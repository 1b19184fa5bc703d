#include "efield/sphere_fit.h"

#include <cmath>

#include <Eigen/Dense>

namespace tmsnav::efield {

namespace {
double rmsDistance(const std::vector<Eigen::Vector3d>& pts, const Eigen::Vector3d& c, double r) {
  double s = 0;
  for (const auto& p : pts) s += std::pow((p - c).norm() - r, 2);
  return std::sqrt(s / pts.size());
}
}  // namespace

std::optional<Sphere> fitSphere(const std::vector<Eigen::Vector3d>& pts) {
  if (pts.size() < 10) return std::nullopt;
  Eigen::Vector3d mean = Eigen::Vector3d::Zero();
  for (const auto& p : pts) mean += p;
  mean /= static_cast<double>(pts.size());
  // |q|^2 = 2 c.q + d with q = p - mean, d = r^2 - |c|^2: linear in (c, d).
  Eigen::MatrixXd A(pts.size(), 4);
  Eigen::VectorXd b(pts.size());
  for (size_t i = 0; i < pts.size(); ++i) {
    const Eigen::Vector3d q = pts[i] - mean;
    A.row(i) << 2 * q.x(), 2 * q.y(), 2 * q.z(), 1.0;
    b(i) = q.squaredNorm();
  }
  Eigen::JacobiSVD<Eigen::MatrixXd> svd(A, Eigen::ComputeThinU | Eigen::ComputeThinV);
  const auto& sv = svd.singularValues();
  if (!(sv(3) > 1e-9 * sv(0))) return std::nullopt;
  const Eigen::Vector4d x = svd.solve(b);
  Eigen::Vector3d c = x.head<3>();
  const double r2 = x(3) + c.squaredNorm();
  if (!(r2 > 0)) return std::nullopt;
  double r = std::sqrt(r2);
  // Gauss-Newton on sum (|q - c| - r)^2.
  for (int it = 0; it < 20; ++it) {
    Eigen::MatrixXd J(pts.size(), 4);
    Eigen::VectorXd res(pts.size());
    for (size_t i = 0; i < pts.size(); ++i) {
      const Eigen::Vector3d d = pts[i] - mean - c;
      const double n = d.norm();
      if (n < 1e-9) return std::nullopt;
      res(i) = n - r;
      J.row(i) << -d.transpose() / n, -1.0;
    }
    const Eigen::Vector4d step = J.colPivHouseholderQr().solve(-res);
    if (!step.allFinite()) return std::nullopt;
    c += step.head<3>();
    r += step(3);
    if (step.norm() < 1e-9) break;
  }
  if (!(r > 0) || !c.allFinite()) return std::nullopt;
  Sphere s;
  s.centre_mm = c + mean;
  s.radius_mm = r;
  s.rms_mm = rmsDistance(pts, s.centre_mm, r);
  s.points = static_cast<int>(pts.size());
  return s;
}

}  // namespace tmsnav::efield
