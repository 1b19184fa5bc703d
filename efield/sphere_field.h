#pragma once
// The electric field a magnetic dipole outside a spherically symmetric conductor induces
// inside it (Heller and van Hulsteyn 1992, the reciprocal of Sarvas 1987; the analytical
// TMS solution SimNIBS also uses). Only the sphere's centre appears: neither its radius
// nor the conductivities change the field, so a sphere fitted to the inner skull under the
// coil is all the head this needs. SI units in this file: metres, m^2, A/s, V/m.
#include <vector>

#include <Eigen/Core>

namespace tmsnav::efield {

inline constexpr double kMu0Over4Pi = 1e-7;  // T m / A

// E at r (m, relative to the sphere centre) from a dipole at r0 (m, outside the sphere)
// with moment m (m^2 per ampere), per unit dI/dt (A/s): V/m per (A/s). With
//   a = r0 - r,  F = |a| (|r0||a| + r0.a),
//   gradF = (|a|^2/|r0| + 2|a| + 2|r0| + r0.a/|a|) r0 - (|a| + 2|r0| + r0.a/|a|) r,
//   E = -1e-7 dI/dt / F^2 [F (r x m) - (m.gradF)(r x r0)].
// Zero where the formula is singular (r at the dipole, or r0 at the centre): no point of a
// head is there.
Eigen::Vector3d dipoleFieldPerAps(const Eigen::Vector3d& r_m, const Eigen::Vector3d& r0_m,
                                  const Eigen::Vector3d& m_m2);

// The primary field of the same dipole (no conductor): -1e-7 m x (r - r0)/|r - r0|^3, per
// A/s. The sphere's field equals it for a radial dipole (m parallel to r0).
Eigen::Vector3d primaryFieldPerAps(const Eigen::Vector3d& r_m, const Eigen::Vector3d& r0_m,
                                   const Eigen::Vector3d& m_m2);

}  // namespace tmsnav::efield
