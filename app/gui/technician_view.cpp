#include "app/gui/technician_view.h"

#include <algorithm>
#include <cctype>
#include <cfloat>
#include <cmath>
#include <cstdio>

#include "core/coords.h"

namespace tmsnav {

namespace {
// Colour is never alone: the state is also a word and a pattern.
// On and off target as the guidance banner has them (the hatch and the words make NOT
// TRACKING unmistakable without colour).
const ImU32 kOnTarget = IM_COL32(26, 158, 56, 255);
const ImU32 kOffTarget = IM_COL32(204, 128, 13, 255);
const ImU32 kNotTracking = IM_COL32(70, 70, 74, 255);
const ImU32 kHatch = IM_COL32(213, 94, 0, 255);
const ImU32 kCoil = IM_COL32(0, 114, 178, 255);
const ImU32 kBubble = IM_COL32(86, 180, 233, 255);
constexpr double kBullseyeMm = 25.0;  // the outer ring's radius
constexpr double kDepthRangeMm = 10.0;
// Issue 30: text that matters is at least 1/20 of the view's height (times Ctrl +/-).
constexpr float kTextFraction = 1.0f / 20.0f;
constexpr double kPulseFlashS = 0.4;
const char* const kCaption = "coil seen from above";

struct Ink {
  ImU32 fg, dim, bg;
};

Ink inkFor(bool light) {
  return light ? Ink{IM_COL32(20, 20, 24, 255), IM_COL32(90, 90, 100, 255),
                     IM_COL32(245, 245, 240, 255)}
               : Ink{IM_COL32(245, 245, 245, 255), IM_COL32(170, 170, 180, 255),
                     IM_COL32(18, 18, 22, 255)};
}

std::string keepUnits(const std::string& s) {
  static const char* const kNoBreak = "\xc2\xa0";  // U+00A0, in ImGui's default glyphs
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    const bool before_unit = s[i] == ' ' && i > 0 &&
                             std::isdigit(static_cast<unsigned char>(s[i - 1])) &&
                             (s.compare(i + 1, 3, "deg") == 0 || s.compare(i + 1, 2, "mm") == 0);
    out += before_unit ? kNoBreak : std::string(1, s[i]);
  }
  return out;
}

// Draws text and remembers its rectangle (tests check that no two overlap).
class Painter {
 public:
  Painter(ImDrawList* dl, ImFont* font, TechnicianDrawn& out) : dl_(dl), font_(font), out_(out) {}
  ImVec2 measure(const std::string& s, float px, float wrap = 0.0f) const {
    return font_->CalcTextSizeA(px, FLT_MAX, wrap, s.c_str());
  }
  // The size at which s fits in width (never larger than px).
  float fitted(const std::string& s, float px, float width) const {
    const float w = measure(s, px).x;
    return w > width && w > 0 ? px * width / w : px;
  }
  // Top-left at p; wrap > 0 wraps at that width. Returns the size drawn.
  // A wrapped line never parts a number from its unit ("17 deg"): the space between
  // them is drawn as a no-break space (recorded as the plain words).
  ImVec2 text(const std::string& s, float px, ImVec2 p, ImU32 col, float wrap = 0.0f) {
    const std::string drawn = wrap > 0 ? keepUnits(s) : s;
    dl_->AddText(font_, px, p, col, drawn.c_str(), nullptr, wrap);
    const ImVec2 size = measure(drawn, px, wrap);
    out_.texts.push_back({s, p, ImVec2(p.x + size.x, p.y + size.y), px});
    return size;
  }
  void shape(const char* name, ImVec2 min, ImVec2 max) { out_.shapes.push_back({name, min, max}); }
  ImDrawList* dl() const { return dl_; }

 private:
  ImDrawList* dl_;
  ImFont* font_;
  TechnicianDrawn& out_;
};

ImVec2 add(ImVec2 a, const Eigen::Vector2d& v, float scale) {
  return ImVec2(a.x + static_cast<float>(v.x()) * scale, a.y + static_cast<float>(v.y()) * scale);
}

// Diagonal stripes: NOT TRACKING is a pattern as well as a colour.
void hatch(ImDrawList* dl, ImVec2 a, ImVec2 b) {
  dl->PushClipRect(a, b, true);
  for (float x = a.x - (b.y - a.y); x < b.x; x += 36.0f)
    dl->AddLine(ImVec2(x, b.y), ImVec2(x + (b.y - a.y), a.y), kHatch, 6.0f);
  dl->PopClipRect();
}

// Rings every 2, 5, 10, 20 and 25 mm; the labels of the four ends outside the outer ring;
// the planned handle from the centre; the coil (dot, trail, its own handle straight down).
void bullseye(Painter& p, const AimView& v, ImVec2 c, float radius, float label, float gap,
              const Ink& ink) {
  ImDrawList* dl = p.dl();
  const float px_per_mm = radius / static_cast<float>(kBullseyeMm);
  for (double mm : {2.0, 5.0, 10.0, 20.0, 25.0})
    dl->AddCircle(c, static_cast<float>(mm) * px_per_mm, mm == 2.0 ? kOnTarget : ink.dim, 96,
                  mm == 2.0 ? 4.0f : 2.0f);
  dl->AddLine(ImVec2(c.x - radius, c.y), ImVec2(c.x + radius, c.y), ink.dim, 1.5f);
  dl->AddLine(ImVec2(c.x, c.y - radius), ImVec2(c.x, c.y + radius), ink.dim, 1.5f);
  for (size_t i = 0; i < 4; ++i) {  // right, down, left, up
    const std::string& s = v.edges[i];
    const ImVec2 size = p.measure(s, label);
    ImVec2 at;
    if (i == 0) at = ImVec2(c.x + radius + gap, c.y - size.y / 2);
    if (i == 1) at = ImVec2(c.x - size.x / 2, c.y + radius + gap);
    if (i == 2) at = ImVec2(c.x - radius - gap - size.x, c.y - size.y / 2);
    if (i == 3) at = ImVec2(c.x - size.x / 2, c.y - radius - gap - size.y);
    p.text(s, label, at, ink.fg);
  }
  const Eigen::Vector2d planned = v.planned_handle.value_or(Eigen::Vector2d(0, 1));
  dl->AddLine(c, add(c, planned, radius * 0.85f), ink.dim, 6.0f);
  if (!v.coil_mm) return;
  auto toScreen = [&](const Eigen::Vector2d& mm) {
    const double n = mm.norm();
    return add(c, n > kBullseyeMm ? Eigen::Vector2d(mm * kBullseyeMm / n) : mm, px_per_mm);
  };
  for (size_t i = 1; i < v.trail_mm.size(); ++i) {
    const int alpha = static_cast<int>(40 + 160 * i / v.trail_mm.size());
    dl->AddLine(toScreen(v.trail_mm[i - 1]), toScreen(v.trail_mm[i]), IM_COL32(0, 114, 178, alpha),
                3.0f);
  }
  const ImVec2 dot = toScreen(*v.coil_mm);
  // The coil's own handle: straight down, the frame is the coil's.
  dl->AddLine(dot, ImVec2(dot.x, dot.y + radius * 0.5f), kCoil, 8.0f);
  const float r = std::max(10.0f, radius * 0.06f);
  dl->AddCircleFilled(dot, r, kCoil, 32);
  dl->AddCircle(dot, r, ink.fg, 32, 3.0f);
}

// The bubble rises to the raised edge; where it is comes from the AimView.
void tiltBubble(Painter& p, const AimView& v, ImVec2 c, float radius, float label, const Ink& ink) {
  ImDrawList* dl = p.dl();
  dl->AddCircle(c, radius, ink.dim, 64, 3.0f);
  p.shape("tilt", ImVec2(c.x - radius, c.y - radius), ImVec2(c.x + radius, c.y + radius));
  const float inner = radius * static_cast<float>(3.0 / kBubbleRangeDeg);  // 3 degrees
  dl->AddCircle(c, inner, kOnTarget, 48, 3.0f);
  dl->AddLine(ImVec2(c.x - radius, c.y), ImVec2(c.x + radius, c.y), ink.dim, 1.0f);
  dl->AddLine(ImVec2(c.x, c.y - radius), ImVec2(c.x, c.y + radius), ink.dim, 1.0f);
  const ImVec2 size = p.measure("tilt", label);
  // Clear of a bubble at the rim (its radius is a fifth of the circle's).
  p.text("tilt", label, ImVec2(c.x - size.x / 2, c.y - 1.2f * radius - size.y - 4), ink.fg);
  if (!v.bubble) return;
  dl->AddCircleFilled(add(c, *v.bubble, radius), radius * 0.2f, kBubble, 32);
  dl->AddCircle(add(c, *v.bubble, radius), radius * 0.2f, ink.fg, 32, 2.0f);
}

void depthBar(Painter& p, const AimView& v, ImVec2 top, ImVec2 size, float label, const Ink& ink) {
  ImDrawList* dl = p.dl();
  dl->AddRect(top, ImVec2(top.x + size.x, top.y + size.y), ink.dim, 4.0f, 0, 3.0f);
  p.shape("depth", top, ImVec2(top.x + size.x, top.y + size.y));
  const float mid = top.y + size.y / 2;
  dl->AddLine(ImVec2(top.x - 6, mid), ImVec2(top.x + size.x + 6, mid), kOnTarget, 4.0f);
  p.text("shallow", label, ImVec2(top.x + size.x + 8, top.y), ink.fg);
  p.text("deep", label, ImVec2(top.x + size.x + 8, top.y + size.y - label), ink.fg);
  if (!v.depth_mm) return;
  const float f = static_cast<float>(std::clamp(*v.depth_mm / kDepthRangeMm, -1.0, 1.0));
  const float y = mid + f * size.y / 2;
  dl->AddRectFilled(ImVec2(top.x + 4, std::min(mid, y)),
                    ImVec2(top.x + size.x - 4, std::max(mid, y)), kCoil);
}

// The state in words on its colour, the caption of the frame, the pulse counter.
void banner(Painter& p, const AimView& v, const TechnicianFrame& f, ImVec2 a, ImVec2 b, float u,
            const Ink& ink) {
  ImDrawList* dl = p.dl();
  const ImU32 fill = v.state == GuidanceState::OnTarget    ? kOnTarget
                     : v.state == GuidanceState::OffTarget ? kOffTarget
                                                           : kNotTracking;
  dl->AddRectFilled(a, b, fill, 8.0f);
  if (v.state == GuidanceState::NotTracking) hatch(dl, a, b);
  const ImU32 words =
      v.state == GuidanceState::OffTarget ? IM_COL32(0, 0, 0, 255) : IM_COL32(255, 255, 255, 255);
  const float h = b.y - a.y, pad = 0.4f * u;
  float right = b.x - pad;
  (void)ink;
  if (f.navigating) {
    char counter[48];
    std::snprintf(counter, sizeof counter, "pulse %llu", static_cast<unsigned long long>(f.pulses));
    const float px = 1.3f * u;
    const ImVec2 size = p.measure(counter, px);
    const ImVec2 at(right - size.x, a.y + (h - size.y) / 2);
    // Each pulse flashes the counter: black on white for a moment, whatever the state.
    const bool flash = f.since_pulse_s < kPulseFlashS;
    if (flash)
      dl->AddRectFilled(ImVec2(at.x - pad, a.y + 4), ImVec2(b.x - 4, b.y - 4),
                        IM_COL32(255, 255, 255, 255), 6.0f);
    p.text(counter, px, at, flash ? IM_COL32(0, 0, 0, 255) : words);
    right = at.x - 2 * pad;
  }
  std::string line = v.headline;
  if (v.state == GuidanceState::OnTarget) {
    char s[64];
    std::snprintf(s, sizeof s, "ON TARGET  %.0f s", v.on_target_for_s);
    line = s;
  }
  const float head = p.fitted(line, 1.5f * u, (right - a.x - 2 * pad) * 0.6f);
  const ImVec2 head_size = p.measure(line, head);
  p.text(line, head, ImVec2(a.x + pad, a.y + (h - head_size.y) / 2), words);
  if (v.state == GuidanceState::NotTracking) return;
  const float left = a.x + 3 * pad + head_size.x;
  const float cap = p.fitted(kCaption, u, right - left);
  const ImVec2 cap_size = p.measure(kCaption, cap);
  p.text(kCaption, cap, ImVec2(right - cap_size.x, a.y + (h - cap_size.y) / 2), words);
}

// The words of the correction, wrapped in the column at the full text size; the bubble
// and the depth bar below them in what is left (the bar at least two labels high).
void column(Painter& p, const AimView& v, ImVec2 a, ImVec2 b, float u, const Ink& ink,
            const std::string& field_line) {
  const float w = b.x - a.x;
  std::vector<std::string> lines = v.corrections;
  if (lines.empty() && v.coil_mm) {
    char s[64];
    std::snprintf(s, sizeof s, "%.1f mm from the target", v.coil_mm->norm());
    lines = {v.state == GuidanceState::OnTarget ? "hold still" : "almost there: hold still", s};
  }
  const float gap = 0.3f * u;
  float y = a.y;
  if (!field_line.empty()) lines.push_back(field_line);  // the E-field's figure, last
  for (const auto& l : lines) y += p.text(l, u, ImVec2(a.x, y), ink.fg, w).y + gap;
  const float label = u;
  const float gauge_h = std::max(2 * label + 8, b.y - y);
  const float radius = std::clamp((gauge_h - label - 8) / 2.2f, 0.3f * u,
                                  std::max(0.3f * u, std::min(2.6f * u, w / 4)));
  const float bottom = y + gauge_h;
  tiltBubble(p, v, ImVec2(a.x + radius + 0.5f * u, bottom - radius), radius, label, ink);
  const float bar_w = std::max(10.0f, 0.5f * u);
  depthBar(p, v, ImVec2(a.x + 2 * radius + 1.3f * u, y), ImVec2(bar_w, gauge_h), label, ink);
}

// Heartbeat and the age of the pose shown (a stalled view stops blinking), and the
// registration's line, wrapped if it must be: beside each other when the line fits in two
// lines, else the age above it.
float footer(Painter& p, const AimView& v, const TechnicianFrame& f, ImVec2 o, ImVec2 end, float u,
             const Ink& ink) {
  const char* age = v.pose_age_words.c_str();
  const float pad = 0.2f * u;
  const ImVec2 age_size = p.measure(age, u);
  const float beat = 0.3f * u;
  const float age_w = age_size.x + 2 * beat + 2 * pad;
  const float full = end.x - o.x - 4 * pad;
  const bool beside = p.measure(f.footer, u, full - age_w - 4 * pad).y <= 2.2f * age_size.y;
  const float wrap = beside ? full - age_w - 4 * pad : full;
  const ImVec2 foot = p.measure(f.footer, u, wrap);
  p.text(f.footer, u, ImVec2(o.x + 2 * pad, end.y - pad - foot.y), ink.fg, wrap);
  const float age_bottom = beside ? end.y - pad : end.y - 2 * pad - foot.y;
  const ImVec2 hb(end.x - pad - beat, age_bottom - age_size.y / 2);
  if (f.heartbeat)
    p.dl()->AddCircleFilled(hb, beat, ink.fg, 16);
  else
    p.dl()->AddCircle(hb, beat, ink.fg, 16, 3.0f);
  p.text(age, u, ImVec2(hb.x - beat - pad - age_size.x, age_bottom - age_size.y), ink.fg);
  return (beside ? std::max(foot.y, age_size.y) : foot.y + age_size.y + pad) + 2 * pad;
}
}  // namespace

TechnicianDrawn drawTechnicianView(const AimView& v, const Fonts& fonts, ImVec2 o, ImVec2 size,
                                   const TechnicianFrame& f) {
  TechnicianDrawn out;
  out.origin = o;
  out.size = size;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const Ink ink = inkFor(f.light);
  Painter p(dl, fonts.big ? fonts.big : ImGui::GetFont(), out);
  const ImVec2 end(o.x + size.x, o.y + size.y);
  dl->AddRectFilled(o, end, ink.bg);
  // Beside the 3-D view the width limits the text too (24 wide letters to a line).
  const float u = std::max(12.0f, std::min(size.y * kTextFraction, size.x / 24.0f) * f.text_scale);
  const float pad = 0.4f * u;
  // Wide (full window): the bullseye beside the words, limited by the height, so the
  // banner is kept low; narrow (beside the 3-D view): limited by the width, the banner
  // can be taller.
  const bool wide = size.x >= 1.3f * size.y;
  const float banner_h = wide ? 2.2f * u : std::max(2.8f * u, 0.14f * size.y);
  banner(p, v, f, o, ImVec2(end.x, o.y + banner_h), u, ink);
  const float footer_h = footer(p, v, f, o, end, u, ink);
  const float top = o.y + banner_h + pad, bottom = end.y - footer_h;
  const float body_h = bottom - top;

  if (v.state == GuidanceState::NotTracking) {
    // Nothing that could be mistaken for a position: the reason, large, on a hatched field.
    const ImVec2 a(o.x, top), b(end.x, bottom);
    dl->AddRectFilled(a, b, kNotTracking, 8.0f);
    hatch(dl, a, b);
    const std::string why = v.reason.empty() ? "no coil pose" : v.reason;
    const float px = p.fitted(why, 1.4f * u, size.x - 4 * pad - 40);
    const ImVec2 why_size = p.measure(why, px);
    const ImVec2 at(o.x + 2 * pad + 20, top + body_h * 0.4f);
    dl->AddRectFilled(ImVec2(at.x - 20, at.y - pad),
                      ImVec2(at.x + why_size.x + 20, at.y + why_size.y + pad), ink.bg, 8.0f);
    p.text(why, px, at, ink.fg);
    return out;
  }
  // The bullseye as large as the height allows (its labels outside the rings); beside it
  // (wide views) or below it (narrow ones) the words and the gauges.
  const float label = u;
  float side = 0;
  for (size_t i = 0; i < 4; i += 2) side = std::max(side, p.measure(v.edges[i], label).x);
  side += pad;
  const float rings_h = wide ? body_h : body_h * 0.6f;
  const float gap = 0.25f * u;  // between the outer ring and its labels
  float radius = (rings_h - 2 * (label + gap)) / 2;
  const float width_for_rings = wide ? size.x * 0.66f : size.x;
  radius = std::max(20.0f, std::min(radius, (width_for_rings - 2 * side - 4 * pad) / 2));
  const ImVec2 centre = wide ? ImVec2(o.x + 2 * pad + side + radius, top + body_h / 2)
                             : ImVec2(o.x + size.x / 2, top + label + gap + radius);
  bullseye(p, v, centre, radius, label, gap, ink);
  out.bullseye_centre = centre;
  out.bullseye_radius_px = radius;
  if (wide)
    column(p, v, ImVec2(centre.x + radius + side + 3 * pad, top + pad),
           ImVec2(end.x - pad, bottom - pad), u, ink, f.field_line);
  else
    column(p, v, ImVec2(o.x + 2 * pad, centre.y + radius + label + 2 * pad),
           ImVec2(end.x - 2 * pad, bottom - pad), u, ink, f.field_line);
  return out;
}

namespace {
nlohmann::json vec2(const Eigen::Vector2d& v) {
  return {v.x(), v.y()};
}
template <class T>
nlohmann::json orNull(const std::optional<T>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json();
}
}  // namespace

nlohmann::json technicianJson(const AimView& aim, const TechnicianDrawn& drawn) {
  nlohmann::json texts = nlohmann::json::array();
  for (const DrawnText& t : drawn.texts)
    texts.push_back({{"text", t.text},
                     {"rect_px", {t.min.x, t.min.y, t.max.x, t.max.y}},
                     {"size_px", t.size_px}});
  nlohmann::json shapes = nlohmann::json::array();
  for (const DrawnShape& s : drawn.shapes)
    shapes.push_back({{"name", s.name}, {"rect_px", {s.min.x, s.min.y, s.max.x, s.max.y}}});
  return {{"headline", aim.headline},
          {"dot_mm", aim.coil_mm ? vec2(*aim.coil_mm) : nlohmann::json()},
          {"bubble", aim.bubble ? vec2(*aim.bubble) : nlohmann::json()},
          {"lean", aim.lean ? vec2(*aim.lean) : nlohmann::json()},
          {"planned_handle", aim.planned_handle ? vec2(*aim.planned_handle) : nlohmann::json()},
          {"tilt_deg", orNull(aim.tilt_deg)},
          {"turn_deg", orNull(aim.turn_deg)},
          {"depth_mm", orNull(aim.depth_mm)},
          {"axis_labels", aim.edges},
          {"corrections", aim.corrections},
          {"bullseye_px",
           {{"centre", {drawn.bullseye_centre.x, drawn.bullseye_centre.y}},
            {"radius", drawn.bullseye_radius_px}}},
          {"view_px", {drawn.origin.x, drawn.origin.y, drawn.size.x, drawn.size.y}},
          {"texts", texts},
          {"shapes", shapes}};
}

}  // namespace tmsnav
