#pragma once
#include <string>

#include "core/result.h"
#include "tracking/guidance.h"

namespace tmsnav {

// "ENTER_MM,LEAVE_MM,ENTER_TILT_DEG,LEAVE_TILT_DEG,ENTER_HANDLE_DEG,LEAVE_HANDLE_DEG,DWELL_S"
// (degrees at the edge, radians inside); empty gives the defaults.
Result<GuidanceThresholds> parseThresholds(const std::string& text);

}  // namespace tmsnav
