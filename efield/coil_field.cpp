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
  for (size_t i = 0; i < coil.size(); ++i) {
    out.r0_m.push_back((coil_to_world * coil.positions_mm[i] - sphere_centre_mm) * 1e-3);
    out.m_m2.push_back(coil_to_world.linear() * coil.moments_m2[i]);
  }
  return out;
}

Eigen::Vector3d fieldAt(const PlacedCoil& coil, const Eigen::Vector3d& p_mm, double didt_a_per_us) {
  const Eigen::Vector3d r = (p_mm - coil.centre_mm) * 1e-3;
  Eigen::Vector3d e = Eigen::Vector3d::Zero();
  for (size_t i = 0; i < coil.r0_m.size(); ++i)
    e += dipoleFieldPerAps(r, coil.r0_m[i], coil.m_m2[i]);
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
