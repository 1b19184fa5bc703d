#pragma once
// Dose by depth (issue 15): the motor threshold measured at M1, adjusted for how much
// farther the cortex lies under the coil at the target (Stokes et al. 2005: about 3 %MSO
// more per extra mm of scalp-to-cortex distance; 2.8 %/mm, the same for 50 and 70 mm
// coils, in Stokes et al. 2007). A result above 100 %MSO cannot be given: refused, with
// the reason, never clipped.
#include <optional>
#include <string>

#include "core/result.h"

namespace tmsnav {

inline constexpr double kStokesSlopePctPerMm = 3.0;
inline constexpr const char* kDoseFormula =
    "dose = MT + slope x (target scalp-to-cortex - M1 scalp-to-cortex)";
inline constexpr const char* kDoseSource =
    "Stokes et al. 2005 (about 3 %MSO per mm); 2.8 %MSO per mm in Stokes et al. 2007";

struct DoseInput {
  double motor_threshold_pct_mso = 0.0;  // resting MT at M1, this session
  double m1_scalp_to_cortex_mm = 0.0;
  double target_scalp_to_cortex_mm = 0.0;
  double slope_pct_per_mm = kStokesSlopePctPerMm;
  double percent_of_mt = 100.0;  // the protocol's intensity, e.g. 120 % of MT
};

struct Dose {
  double depth_difference_mm = 0.0;  // target minus M1
  double adjusted_mt_pct_mso = 0.0;  // the motor threshold moved to the target's depth
  double dose_pct_mso = 0.0;         // percent_of_mt of it
  // Set: the dose cannot be given (above 100 %MSO, or not positive), with the figure and
  // what to check. dose_pct_mso is then not a dose.
  std::optional<std::string> refused;
};

// Errors: inputs out of range.
Result<Dose> depthAdjustedDose(const DoseInput& in);

}  // namespace tmsnav
