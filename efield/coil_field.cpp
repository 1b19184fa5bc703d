#include "efield/coil_field.h"

#include <algorithm>
#include <thread>

#include "efield/sphere_field.h"

namespace tmsnav::efield {

PlacedCoil placeCoil(const CoilDipoles& coil, const Eigen::Isometry3d& coil_to_world,
                     const Eigen::Vector3d& sphere_centre_mm) {
  PlacedCoil out;
  out.centre_mm = sphere_centre_mm;
  out.r0_m.reserve(coil.size());
  out.m_m2.reserve(coil.size());
  out.r0_norm_m.reserve(coil.size());
  for (size_t i = 0; i < coil.size(); ++i) {
    out.r0_m.push_back((coil_to_world * coil.positions_mm[i] - sphere_centre_mm) * 1e-3);
    out.m_m2.push_back(coil_to_world.linear() * coil.moments_m2[i]);
    out.r0_norm_m.push_back(out.r0_m.back().norm());
  }
  return out;
}

namespace {
// dipoleFieldPerAps (sphere_field.h) with |r0| given and the common factors taken once: the
// live map evaluates it millions of times a second. Same formula, same singular cases
// (tested against it in tmsnav_efield_tests).
inline Eigen::Vector3d dipoleField(const Eigen::Vector3d& r, const Eigen::Vector3d& r0,
                                   double r0n, const Eigen::Vector3d& m) {
  const Eigen::Vector3d a = r0 - r;
  const double an = a.norm();
  if (an <= 1e-12 || r0n <= 1e-12) return Eigen::Vector3d::Zero();
  const double ar0 = a.dot(r0);
  const double F = an * (r0n * an + ar0);
  if (!(F > 1e-30)) return Eigen::Vector3d::Zero();
  const double ar0_over_an = ar0 / an;
  const Eigen::Vector3d gradF = (an * an / r0n + 2.0 * an + 2.0 * r0n + ar0_over_an) * r0 -
                                (an + 2.0 * r0n + ar0_over_an) * r;
  const double inv_f = 1.0 / F;
  return -kMu0Over4Pi * inv_f * (r.cross(m) - (m.dot(gradF) * inv_f) * r.cross(r0));
}
}  // namespace

Eigen::Vector3d fieldAt(const PlacedCoil& coil, const Eigen::Vector3d& p_mm, double didt_a_per_us) {
  const Eigen::Vector3d r = (p_mm - coil.centre_mm) * 1e-3;
  Eigen::Vector3d e = Eigen::Vector3d::Zero();
  for (size_t i = 0; i < coil.r0_m.size(); ++i)
    e += dipoleField(r, coil.r0_m[i], coil.r0_norm_m[i], coil.m_m2[i]);
  return e * (didt_a_per_us * 1e6);
}

std::vector<Eigen::Vector3d> fieldAtPoints(const PlacedCoil& coil,
                                           const std::vector<Eigen::Vector3d>& points_mm,
                                           double didt_a_per_us, int threads) {
  std::vector<Eigen::Vector3d> out(points_mm.size(), Eigen::Vector3d::Zero());
  const size_t n = points_mm.size();
  const int t = std::clamp(threads, 1, 64);
  auto work = [&](size_t begin, size_t end) {
    for (size_t i = begin; i < end; ++i) out[i] = fieldAt(coil, points_mm[i], didt_a_per_us);
  };
  if (t == 1 || n < 64) {
    work(0, n);
    return out;
  }
  std::vector<std::thread> pool;
  for (int k = 0; k < t; ++k) pool.emplace_back(work, n * k / t, n * (k + 1) / t);
  for (auto& th : pool) th.join();
  return out;
}

}  // namespace tmsnav::efield
