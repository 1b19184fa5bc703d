#pragma once
// The handle angle that maximises a field figure: a sweep in 5 degree steps over the whole
// turn, then golden-section refinement around the best step.
#include <functional>
#include <vector>

namespace tmsnav::efield {

struct AngleSweep {
  double best_angle_deg = 0.0;
  double best_value = 0.0;
  std::vector<std::pair<double, double>> curve;  // (angle deg, value), the 5 degree steps
};

inline constexpr double kSweepStepDeg = 5.0;

// value(angle_deg) for angles in [-180, 180); the best angle is returned in that range.
AngleSweep sweepAngle(const std::function<double(double)>& value);

}  // namespace tmsnav::efield
