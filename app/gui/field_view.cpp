#include "app/gui/field_view.h"

#include <cmath>
#include <cstdio>

namespace tmsnav {

std::string liveFieldLine(const AppModel& model) {
  if (!model.tracking()) return "";
  const LiveFieldView v = model.liveField();
  char text[256];
  if (v.field && v.field->target_e_v_per_m) {
    std::snprintf(text, sizeof text, "E at target %.0f V/m (%.0f %%MSO)",
                  *v.field->target_e_v_per_m, v.intensity_pct_mso);
    return text;
  }
  if (v.why_not == "computing") return "E at target: computing";  // short: it often shows
  std::snprintf(text, sizeof text, "E at target: not shown (%s)", v.why_not.c_str());
  return text;
}

void FieldMapSync::sync(const AppModel& model, SceneRenderer& scene) {
  const LiveFieldView v = model.liveField();
  if (v.field) {
    if (shown_ == Shown::Map && v.field->serial == serial_) return;
    shown_ = Shown::Map;
    serial_ = v.field->serial;
    Scene::FieldMap map{v.field->roi, v.field->magnitude, v.scale_v_per_m, v.field->peak_lps};
    scene.postMotion([map = std::move(map)](Scene& s, FramebufferView&) { s.setFieldMap(map); });
    return;
  }
  // No usable pose (or no map yet) while a map runs: grey, never the last colours.
  const Shown want = v.active && model.tracking() ? Shown::Grey : Shown::None;
  if (want == shown_) return;
  shown_ = want;
  if (want == Shown::Grey)
    scene.post([](Scene& s, FramebufferView&) { s.greyFieldMap(); });
  else
    scene.post([](Scene& s, FramebufferView&) { s.clearFieldMap(); });
}

}  // namespace tmsnav
