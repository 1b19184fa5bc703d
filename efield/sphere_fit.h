#pragma once
// A sphere fitted to surface points (least squares on the distance to the sphere): the
// conductor model's centre, fitted locally to the inner skull under the coil.
#include <optional>
#include <vector>

#include <Eigen/Core>

namespace tmsnav::efield {

struct Sphere {
  Eigen::Vector3d centre_mm = Eigen::Vector3d::Zero();
  double radius_mm = 0.0;
  double rms_mm = 0.0;  // RMS distance of the points from the sphere
  int points = 0;
};

// Algebraic fit (Kasa) refined by Gauss-Newton on the geometric distance. Empty for fewer
// than 10 points or a degenerate (flat or collinear) set.
std::optional<Sphere> fitSphere(const std::vector<Eigen::Vector3d>& points_mm);

}  // namespace tmsnav::efield
