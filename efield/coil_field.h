#pragma once
// A coil's field in a sphere, anywhere in the world: the coil's dipoles placed by its pose,
// the sphere's centre, the stimulator's dI/dt. World positions in mm (any one frame: LPS
// inside tmsnav), fields in V/m.
#include <vector>

#include <Eigen/Core>
#include <Eigen/Geometry>

#include "efield/coil_dipoles.h"

namespace tmsnav::efield {

// The coil's dipoles in metres relative to the sphere centre, moments turned into the world.
struct PlacedCoil {
  std::vector<Eigen::Vector3d> r0_m;
  std::vector<Eigen::Vector3d> m_m2;
  std::vector<double> r0_norm_m;  // |r0|, once per placement rather than per point
  Eigen::Vector3d centre_mm = Eigen::Vector3d::Zero();
};

PlacedCoil placeCoil(const CoilDipoles& coil, const Eigen::Isometry3d& coil_to_world,
                     const Eigen::Vector3d& sphere_centre_mm);

// E (V/m) at a world point (mm) for dI/dt in A/us.
Eigen::Vector3d fieldAt(const PlacedCoil& coil, const Eigen::Vector3d& p_mm, double didt_a_per_us);

// E at every point, split over `threads` threads (at least 1).
std::vector<Eigen::Vector3d> fieldAtPoints(const PlacedCoil& coil,
                                           const std::vector<Eigen::Vector3d>& points_mm,
                                           double didt_a_per_us, int threads = 1);

// dI/dt at an intensity in %MSO, linear in the intensity (the stimulator's capacitor
// voltage): didt_at_100 x pct / 100.
inline double didtAtIntensity(double didt_at_100_a_per_us, double pct_mso) {
  return didt_at_100_a_per_us * pct_mso / 100.0;
}

}  // namespace tmsnav::efield
