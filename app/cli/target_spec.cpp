#include "app/cli/target_spec.h"

#include <cmath>
#include <cstdlib>
#include <set>
#include <sstream>

#include "imaging/atlas.h"
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
  if ((kind == "5cm-rule" || kind == "5.5cm-rule") && colon != std::string::npos) {
    auto p = parseTriple(spec.substr(colon + 1));
    if (!p) return Error{"target " + spec + ": " + p.error()};
    TargetSpec t;
    t.method = kind;
    t.name = spec;
    t.point_lps = lpsFromRas(*p);  // the motor hotspot, in the subject
    t.rule_distance_mm = kind == "5cm-rule" ? 50.0 : 55.0;
    return t;
  }
  if (kind == "10-20" && colon != std::string::npos && colon + 1 < spec.size()) {
    TargetSpec t;
    t.method = "10-20";
    t.name = spec;
    t.scalp_position = spec.substr(colon + 1);
    static const std::set<std::string> kKnown = {"Fpz", "Fz",  "Cz",  "Pz", "Oz", "T7", "C3", "C4",
                                                 "T8",  "Fp1", "Fp2", "F7", "F8", "F3", "F4"};
    if (!kKnown.count(t.scalp_position))
      return Error{spec +
                   ": known 10-20 positions are Fpz Fz Cz Pz Oz T7 C3 C4 T8 Fp1 Fp2 F7 F8 F3 F4"};
    return t;
  }
  if (kind == "atlas" && colon != std::string::npos && colon + 1 < spec.size()) {
    TargetSpec t;
    t.method = "atlas";
    t.name = spec;
    t.atlas_region = spec.substr(colon + 1);
    return t;
  }
  if (spec == "beam-f3" || spec == "beam-f3-adjusted") {
    TargetSpec t;
    t.method = spec;
    t.name = spec;
    return t;
  }
  return Error{"unknown target '" + spec +
               "' (expected ras:X,Y,Z, mni:X,Y,Z, atlas:NAME, 10-20:NAME, beam-f3, "
               "beam-f3-adjusted or 5cm-rule:X,Y,Z)"};
}

Result<Done> resolveAtlasSpec(TargetSpec& spec, const std::string& template_dir,
                              AtlasCache& atlases) {
  auto region = resolveAtlasRegion(spec.atlas_region, template_dir);
  if (!region) return Error{region.error()};
  auto centroid = regionCentroidMni(*region, atlases);
  if (!centroid) return Error{centroid.error()};
  spec.point_lps = *centroid;
  spec.atlas_resolved = true;
  return Done{};
}

}  // namespace tmsnav
