#include "planning/target_spec.h"

#include <cmath>
#include <cstdlib>
#include <set>
#include <sstream>

#include "core/coords.h"
#include "core/overloaded.h"

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

bool knownTenTwenty(const std::string& name) {
  static const std::set<std::string> kKnown = {"Fpz", "Fz",  "Cz",  "Pz", "Oz", "T7", "C3", "C4",
                                               "T8",  "Fp1", "Fp2", "F7", "F8", "F3", "F4"};
  return kKnown.count(name) == 1;
}

}  // namespace

std::string methodName(const TargetSpec& spec) {
  return std::visit(Overloaded{
                        [](const target::SubjectPoint& s) { return s.method; },
                        [](const target::MniPoint&) { return std::string("mni"); },
                        [](const target::AtlasRegion&) { return std::string("atlas"); },
                        [](const target::TenTwenty&) { return std::string("10-20"); },
                        [](const target::BeamF3& b) {
                          return std::string(b.adjusted ? "beam-f3-adjusted" : "beam-f3");
                        },
                        [](const target::ScalpRule& r) {
                          return std::string(r.distance_mm == 50.0 ? "5cm-rule" : "5.5cm-rule");
                        },
                    },
                    spec.source);
}

bool isScalpRule(const TargetSpec& spec) {
  const auto* subject = std::get_if<target::SubjectPoint>(&spec.source);
  return (subject && subject->on_scalp) || std::holds_alternative<target::TenTwenty>(spec.source) ||
         std::holds_alternative<target::BeamF3>(spec.source) ||
         std::holds_alternative<target::ScalpRule>(spec.source);
}

Result<TargetSpec> parseTargetSpec(const std::string& text) {
  const auto colon = text.find(':');
  const std::string kind = text.substr(0, colon);
  const bool has_value = colon != std::string::npos && colon + 1 < text.size();
  const std::string value = has_value ? text.substr(colon + 1) : std::string();
  TargetSpec t{text, {}};
  if (kind == "ras" || kind == "scalp" || kind == "mni" || kind == "5cm-rule" ||
      kind == "5.5cm-rule") {
    if (colon == std::string::npos)
      return Error{"target " + text + ": expected " + kind + ":X,Y,Z"};
    auto p = parseTriple(value);
    if (!p) return Error{"target " + text + ": " + p.error()};
    const Eigen::Vector3d p_lps = lpsFromRas(*p);
    if (kind == "ras")
      t.source = target::SubjectPoint{{p_lps}, "ras"};
    else if (kind == "scalp")
      t.source = target::SubjectPoint{{p_lps}, "scalp", true};
    else if (kind == "mni")
      t.source = target::MniPoint{{p_lps}};
    else  // the motor hotspot, in the subject
      t.source = target::ScalpRule{{p_lps}, kind == "5cm-rule" ? 50.0 : 55.0};
    return t;
  }
  if (kind == "10-20" && has_value) {
    if (!knownTenTwenty(value))
      return Error{text + ": known 10-20 positions are " + kTenTwentyNames};
    t.source = target::TenTwenty{value};
    return t;
  }
  if (kind == "atlas" && has_value) {
    t.source = target::AtlasRegion{value};
    return t;
  }
  if (text == "beam-f3" || text == "beam-f3-adjusted") {
    t.source = target::BeamF3{text == "beam-f3-adjusted"};
    return t;
  }
  return Error{"unknown target '" + text +
               "' (expected ras:X,Y,Z, scalp:X,Y,Z, mni:X,Y,Z, atlas:NAME, 10-20:NAME, beam-f3, "
               "beam-f3-adjusted, 5cm-rule:X,Y,Z or 5.5cm-rule:X,Y,Z)"};
}

}  // namespace tmsnav
