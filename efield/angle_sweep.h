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

// value(angle_deg) over [from_deg, to_deg) in 5 degree steps (angles passed to value and
// returned are wrapped into [-180, 180)). A handle turned by 180 degrees reverses the
// current and leaves |E| unchanged, so a handle sweep covers half a turn around the planned
// angle: the current direction stays the planned one.
AngleSweep sweepAngle(const std::function<double(double)>& value, double from_deg = -180.0,
                      double to_deg = 180.0);
// (max - min) / max of the curve, percent: how much the angle matters at all.
double curveSpreadPct(const AngleSweep& s);

}  // namespace tmsnav::efield
