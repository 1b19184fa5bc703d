#include "app/cli/thresholds.h"

#include <cmath>
#include <cstdlib>
#include <sstream>
#include <vector>

#include "core/coords.h"

namespace tmsnav {

Result<GuidanceThresholds> parseThresholds(const std::string& text) {
  if (text.empty()) return GuidanceThresholds{};
  std::vector<double> v;
  std::stringstream ss(text);
  for (std::string part; std::getline(ss, part, ',');) {
    char* end = nullptr;
    const double d = std::strtod(part.c_str(), &end);
    if (part.empty() || *end != '\0' || !std::isfinite(d) || d < 0)
      return Error{"--thresholds: '" + part + "' is not a number >= 0"};
    v.push_back(d);
  }
  if (v.size() != 7)
    return Error{"--thresholds takes 7 numbers: enter/leave mm, tilt deg, handle deg, dwell s"};
  if (v[0] > v[1] || v[2] > v[3] || v[4] > v[5])
    return Error{"--thresholds: each enter value must be <= its leave value"};
  GuidanceThresholds t;
  t.enter_mm = v[0], t.leave_mm = v[1];
  t.enter_tilt_rad = radFromDeg(v[2]), t.leave_tilt_rad = radFromDeg(v[3]);
  t.enter_handle_rad = radFromDeg(v[4]), t.leave_handle_rad = radFromDeg(v[5]);
  t.dwell_s = v[6];
  return t;
}

}  // namespace tmsnav
