#include "efield/sphere_field.h"

#include <Eigen/Geometry>

namespace tmsnav::efield {

Eigen::Vector3d dipoleFieldPerAps(const Eigen::Vector3d& r, const Eigen::Vector3d& r0,
                                  const Eigen::Vector3d& m) {
  const Eigen::Vector3d a = r0 - r;
  const double an = a.norm();
  const double r0n = r0.norm();
  if (an <= 1e-12 || r0n <= 1e-12) return Eigen::Vector3d::Zero();
  const double ar0 = a.dot(r0);
  const double F = an * (r0n * an + ar0);
  if (!(F > 1e-30)) return Eigen::Vector3d::Zero();
  const Eigen::Vector3d gradF =
      (an * an / r0n + 2.0 * an + 2.0 * r0n + ar0 / an) * r0 - (an + 2.0 * r0n + ar0 / an) * r;
  return -kMu0Over4Pi / (F * F) * (F * r.cross(m) - m.dot(gradF) * r.cross(r0));
}

Eigen::Vector3d primaryFieldPerAps(const Eigen::Vector3d& r, const Eigen::Vector3d& r0,
                                   const Eigen::Vector3d& m) {
  const Eigen::Vector3d d = r - r0;
  const double dn = d.norm();
  if (dn <= 1e-12) return Eigen::Vector3d::Zero();
  return -kMu0Over4Pi * m.cross(d) / (dn * dn * dn);
}

}  // namespace tmsnav::efield
