#pragma once
// What the user asked for as a target, typed: a point in the subject or in MNI space, an
// atlas region, a 10-20 position, Beam F3 or a distance rule from a hotspot. The CLI and
// the app both parse text into a TargetSpec (parseTargetSpec); resolve() in
// planning_context.h turns one into a point on the patient.
#include <string>
#include <variant>

#include "core/frames.h"
#include "core/result.h"

namespace tmsnav {

namespace target {
// A point in the subject: `ras:X,Y,Z`, or a click in the app (label says where).
// `scalp:X,Y,Z` (on_scalp): a position on the scalp, the target the cortex beneath it along
// the coil's axis, as for a 10-20 position (a click on the scalp that asks for the cortex).
struct SubjectPoint {
  Point<frame::Mri> p;
  std::string method = "ras";  // written to plan.json: "ras", "scalp", "click", ...
  bool on_scalp = false;
};
// `mni:X,Y,Z`: mapped into the subject through its MNI registration.
struct MniPoint {
  Point<frame::Mni> p;
};
// `atlas:NAME`: the region's centroid in MNI space, carried onto the cortex.
struct AtlasRegion {
  std::string region;  // BA9, BA46:R, AAL:Frontal_Mid_L, HO:N
};
// `10-20:NAME`: a 10-20 position measured along the patient's scalp.
struct TenTwenty {
  std::string position;  // Fpz Fz Cz Pz Oz T7 C3 C4 T8 Fp1 Fp2 F7 F8 F3 F4
};
// `beam-f3` / `beam-f3-adjusted`: Beam F3 from tape measurements on the patient's scalp.
struct BeamF3 {
  bool adjusted = false;
};
// `5cm-rule:X,Y,Z` / `5.5cm-rule:X,Y,Z`: that far anterior of the motor hotspot.
struct ScalpRule {
  Point<frame::Mri> hotspot;
  double distance_mm = 50.0;
};
}  // namespace target

struct TargetSpec {
  std::string name;  // as the user wrote it, e.g. "mni:-38,44,26"
  std::variant<target::SubjectPoint, target::MniPoint, target::AtlasRegion, target::TenTwenty,
               target::BeamF3, target::ScalpRule>
      source;
};

// The method as plan.json names it: "ras", "mni", "atlas", "10-20", "beam-f3",
// "beam-f3-adjusted", "5cm-rule", "5.5cm-rule" (or a click's label).
std::string methodName(const TargetSpec& spec);
// Scalp rules give a scalp position; the target is the cortex beneath it.
bool isScalpRule(const TargetSpec& spec);

// ras:X,Y,Z, scalp:X,Y,Z, mni:X,Y,Z (RAS mm), atlas:NAME, 10-20:NAME, beam-f3, beam-f3-adjusted,
// 5cm-rule:X,Y,Z, 5.5cm-rule:X,Y,Z. Errors name what is expected.
Result<TargetSpec> parseTargetSpec(const std::string& text);

const char* const kTenTwentyNames = "Fpz Fz Cz Pz Oz T7 C3 C4 T8 Fp1 Fp2 F7 F8 F3 F4";

}  // namespace tmsnav
