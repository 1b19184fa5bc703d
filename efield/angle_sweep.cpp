#include "efield/angle_sweep.h"

#include <algorithm>
#include <cmath>

namespace tmsnav::efield {

namespace {
double wrapDeg(double a) {
  a = std::fmod(a + 180.0, 360.0);
  if (a < 0) a += 360.0;
  return a - 180.0;
}
}  // namespace

AngleSweep sweepAngle(const std::function<double(double)>& value, double from_deg, double to_deg) {
  AngleSweep s;
  const int steps = std::max(1, static_cast<int>(std::lround((to_deg - from_deg) / kSweepStepDeg)));
  int best = 0;
  for (int i = 0; i < steps; ++i) {
    const double a = wrapDeg(from_deg + i * kSweepStepDeg);
    s.curve.emplace_back(a, value(a));
    if (s.curve[i].second > s.curve[best].second) best = i;
  }
  // Golden section on [best - step, best + step]: the curve is smooth and single-peaked there.
  const double g = (std::sqrt(5.0) - 1.0) / 2.0;
  double lo = s.curve[best].first - kSweepStepDeg, hi = s.curve[best].first + kSweepStepDeg;
  double x1 = hi - g * (hi - lo), x2 = lo + g * (hi - lo);
  double f1 = value(wrapDeg(x1)), f2 = value(wrapDeg(x2));
  while (hi - lo > 0.01) {
    if (f1 < f2) {
      lo = x1, x1 = x2, f1 = f2, x2 = lo + g * (hi - lo), f2 = value(wrapDeg(x2));
    } else {
      hi = x2, x2 = x1, f2 = f1, x1 = hi - g * (hi - lo), f1 = value(wrapDeg(x1));
    }
  }
  const double a = wrapDeg(0.5 * (lo + hi));
  const double fa = value(a);
  if (fa >= s.curve[best].second) {
    s.best_angle_deg = a, s.best_value = fa;
  } else {
    s.best_angle_deg = s.curve[best].first, s.best_value = s.curve[best].second;
  }
  return s;
}

double curveSpreadPct(const AngleSweep& s) {
  if (s.curve.empty()) return 0.0;
  double lo = s.curve.front().second, hi = lo;
  for (const auto& [a, v] : s.curve) lo = std::min(lo, v), hi = std::max(hi, v);
  return hi > 0 ? 100.0 * (hi - lo) / hi : 0.0;
}

}  // namespace tmsnav::efield
