#pragma once
// An ellipsoid "scalp" for registration tests (not a sphere: rotations about its centre
// are observable), LPS mm: 75 mm to the left ear, 95 mm to the nose, 85 mm to the vertex.
#include <cmath>
#include <vector>

#include <Eigen/Core>

#include "core/coords.h"

namespace tmsnav {

inline void ellipsoid(std::vector<Eigen::Vector3d>& points, std::vector<Eigen::Vector3d>& normals) {
  const Eigen::Vector3d radii(75, 95, 85);
  for (int i = 0; i <= 120; ++i)
    for (int j = 0; j < 240; ++j) {
      const double theta = kPi * i / 120.0, phi = 2 * kPi * j / 240.0;
      const Eigen::Vector3d u(std::sin(theta) * std::cos(phi), std::sin(theta) * std::sin(phi),
                              std::cos(theta));
      points.push_back(radii.cwiseProduct(u));
      normals.push_back(u.cwiseQuotient(radii).normalized());
    }
}

}  // namespace tmsnav
