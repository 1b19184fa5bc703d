#include "planning/dose.h"

#include <cmath>
#include <cstdio>

namespace tmsnav {

namespace {
constexpr double kMaxDepthMm = 60.0;  // deeper than any scalp-to-cortex distance
constexpr double kMaxSlope = 10.0;
constexpr double kMaxPercentOfMt = 200.0;

bool within(double v, double lo, double hi) {
  return std::isfinite(v) && v >= lo && v <= hi;
}
}  // namespace

Result<Dose> depthAdjustedDose(const DoseInput& in) {
  if (!within(in.motor_threshold_pct_mso, 1.0, 100.0))
    return Error{"the motor threshold must be within 1..100 %MSO"};
  if (!within(in.m1_scalp_to_cortex_mm, 0.0, kMaxDepthMm) ||
      !within(in.target_scalp_to_cortex_mm, 0.0, kMaxDepthMm))
    return Error{"scalp-to-cortex distances must be within 0..60 mm"};
  if (!within(in.slope_pct_per_mm, 0.0, kMaxSlope))
    return Error{"the slope must be within 0..10 %MSO per mm"};
  if (!within(in.percent_of_mt, 1.0, kMaxPercentOfMt))
    return Error{"the intensity must be within 1..200 % of the motor threshold"};
  Dose d;
  d.depth_difference_mm = in.target_scalp_to_cortex_mm - in.m1_scalp_to_cortex_mm;
  d.adjusted_mt_pct_mso = in.motor_threshold_pct_mso + in.slope_pct_per_mm * d.depth_difference_mm;
  d.dose_pct_mso = d.adjusted_mt_pct_mso * in.percent_of_mt / 100.0;
  if (d.dose_pct_mso > 100.0) {
    char why[200];
    std::snprintf(why, sizeof why,
                  "the depth-adjusted dose would be %.1f %%MSO, above the stimulator's 100 %%MSO: "
                  "not a dose that can be given (check the depths and the motor threshold)",
                  d.dose_pct_mso);
    d.refused = why;
  } else if (d.dose_pct_mso <= 0.0) {
    d.refused = "the depth-adjusted dose would not be positive (check the depths)";
  }
  return d;
}

}  // namespace tmsnav
