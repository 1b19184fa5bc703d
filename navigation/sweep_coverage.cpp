#include "navigation/sweep_coverage.h"

#include <array>
#include <cmath>

#include <Eigen/Geometry>

namespace tmsnav {

SweepCoverage sweepCoverage(const std::vector<Eigen::Vector3d>& points,
                            const Eigen::Vector3d& nasion, const Eigen::Vector3d& lpa,
                            const Eigen::Vector3d& rpa, size_t min_points) {
  // A head frame from the landmarks: origin between the ears, x toward the left ear,
  // y toward the nose, z up.
  const Eigen::Vector3d origin = 0.5 * (lpa + rpa);
  const Eigen::Vector3d x = (lpa - rpa).normalized();
  Eigen::Vector3d y = nasion - origin;
  y = (y - y.dot(x) * x).normalized();
  const Eigen::Vector3d z = y.cross(x);  // (left, nose, up) is left-handed: y x x points up
  SweepCoverage c;
  c.regions = {{"forehead", 0},
               {"left temple", 0},
               {"right temple", 0},
               {"vertex", 0},
               {"back of the head", 0}};
  for (const auto& p : points) {
    const Eigen::Vector3d d = p - origin;
    const double lx = d.dot(x), ly = d.dot(y), lz = d.dot(z);
    // The direction's largest component says which side of the head it is on.
    const std::array<double, 4> sides = {ly, lx, -lx, lz};
    size_t best = 0;
    for (size_t k = 1; k < sides.size(); ++k)
      if (sides[k] > sides[best]) best = k;
    if (ly < 0 && -ly > std::max({std::abs(lx), lz})) best = 4;
    ++c.regions[best].points;
  }
  for (const auto& r : c.regions)
    if (r.points < min_points) c.advice.push_back("add points over the " + r.name);
  return c;
}

}  // namespace tmsnav
