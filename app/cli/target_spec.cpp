#include "app/cli/target_spec.h"

#include <cmath>
#include <cstdlib>
#include <sstream>

#include "tracking/coords.h"

namespace tmsnav {

namespace {
Result<Eigen::Vector3d> parseTriple(const std::string& text) {
  Eigen::Vector3d v;
  std::stringstream ss(text);
  std::string part;
  int i = 0;
  while (std::getline(ss, part, ',')) {
    if (i >= 3) return Error{"expected three numbers X,Y,Z"};
    char* end = nullptr;
    v[i] = std::strtod(part.c_str(), &end);
    if (part.empty() || end == part.c_str() || *end != '\0' || !std::isfinite(v[i]))
      return Error{"'" + part + "' is not a number"};
    ++i;
  }
  if (i != 3) return Error{"expected three numbers X,Y,Z"};
  return v;
}
}  // namespace

Result<TargetSpec> parseTargetSpec(const std::string& spec) {
  const auto colon = spec.find(':');
  const std::string kind = spec.substr(0, colon);
  if ((kind == "ras" || kind == "mni") && colon != std::string::npos) {
    auto p = parseTriple(spec.substr(colon + 1));
    if (!p) return Error{"target " + spec + ": " + p.error()};
    TargetSpec t;
    t.method = kind;
    t.name = spec;
    t.point_lps = lpsFromRas(*p);
    return t;
  }
  return Error{"unknown target '" + spec + "' (expected ras:X,Y,Z or mni:X,Y,Z)"};
}

}  // namespace tmsnav
