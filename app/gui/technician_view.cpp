#include "app/gui/technician_view.h"

#include <algorithm>
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
constexpr double kBullseyeMm = 25.0;  // the bullseye's radius
constexpr double kTiltRangeDeg = 10.0;
constexpr double kDepthRangeMm = 10.0;
constexpr float kNumberFraction = 0.1f;  // issue 14: numbers >= 1/10 of the view's height

struct Ink {
  ImU32 fg, dim, bg;
};

Ink inkFor(const TechnicianStyle& s) {
  return s.light ? Ink{IM_COL32(20, 20, 24, 255), IM_COL32(90, 90, 100, 255),
                       IM_COL32(245, 245, 240, 255)}
                 : Ink{IM_COL32(245, 245, 245, 255), IM_COL32(150, 150, 160, 255),
                       IM_COL32(18, 18, 22, 255)};
}

void text(ImDrawList* dl, ImFont* font, float size, ImVec2 at, ImU32 col, const char* s) {
  dl->AddText(font, size, at, col, s);
}

float textWidth(ImFont* font, float size, const char* s) {
  return font->CalcTextSizeA(size, 1e9f, 0.0f, s).x;
}

// The size at which s fits in width (never larger than size).
float fitted(ImFont* font, float size, float width, const char* s) {
  const float w = textWidth(font, size, s);
  return w > width && w > 0 ? size * width / w : size;
}

// Diagonal stripes: NOT TRACKING is a pattern as well as a colour.
void hatch(ImDrawList* dl, ImVec2 a, ImVec2 b) {
  dl->PushClipRect(a, b, true);
  for (float x = a.x - (b.y - a.y); x < b.x; x += 36.0f)
    dl->AddLine(ImVec2(x, b.y), ImVec2(x + (b.y - a.y), a.y), kHatch, 6.0f);
  dl->PopClipRect();
}

void bullseye(ImDrawList* dl, const AimView& v, ImFont* font, ImVec2 c, float radius,
              const Ink& ink) {
  const float px_per_mm = radius / static_cast<float>(kBullseyeMm);
  for (double mm : {2.0, 5.0, 10.0, 20.0})
    dl->AddCircle(c, static_cast<float>(mm) * px_per_mm, mm == 2.0 ? kOnTarget : ink.dim, 64,
                  mm == 2.0 ? 3.0f : 1.5f);
  dl->AddLine(ImVec2(c.x - radius, c.y), ImVec2(c.x + radius, c.y), ink.dim);
  dl->AddLine(ImVec2(c.x, c.y - radius), ImVec2(c.x, c.y + radius), ink.dim);
  // Anatomical words at the ends of the axes: above and below the rings, and inside the
  // outer ring at the sides (the view stays square however long the words are).
  const float label = std::max(16.0f, radius * 0.08f);
  for (size_t i = 0; i < 4; ++i) {
    const char* s = v.edges[i].c_str();
    const float w = textWidth(font, label, s);
    ImVec2 p;
    if (i == 0) p = ImVec2(c.x + radius - w - 4, c.y - label - 4);
    if (i == 1) p = ImVec2(c.x - w / 2, c.y + radius + 4);
    if (i == 2) p = ImVec2(c.x - radius + 4, c.y - label - 4);
    if (i == 3) p = ImVec2(c.x - w / 2, c.y - radius - label - 4);
    text(dl, font, label, p, ink.dim, s);
  }
  // The planned handle points down the screen (target +y).
  dl->AddLine(c, ImVec2(c.x, c.y + radius * 0.8f), ink.dim, 4.0f);
  if (!v.coil_mm) return;
  auto toScreen = [&](const Eigen::Vector2d& mm) {
    const Eigen::Vector2d p = mm.cwiseMin(kBullseyeMm).cwiseMax(-kBullseyeMm);
    return ImVec2(c.x + static_cast<float>(p.x()) * px_per_mm,
                  c.y + static_cast<float>(p.y()) * px_per_mm);
  };
  for (size_t i = 1; i < v.trail_mm.size(); ++i) {
    const int alpha = static_cast<int>(40 + 160 * i / v.trail_mm.size());
    dl->AddLine(toScreen(v.trail_mm[i - 1]), toScreen(v.trail_mm[i]), IM_COL32(0, 114, 178, alpha),
                3.0f);
  }
  const ImVec2 dot = toScreen(*v.coil_mm);
  if (v.handle_rad) {
    const float h = static_cast<float>(*v.handle_rad);
    dl->AddLine(dot,
                ImVec2(dot.x - std::sin(h) * radius * 0.6f, dot.y + std::cos(h) * radius * 0.6f),
                kCoil, 6.0f);
  }
  const float r = std::max(10.0f, radius * 0.07f);
  dl->AddCircleFilled(dot, r, kCoil, 32);
  dl->AddCircle(dot, r, ink.fg, 32, 3.0f);
}

void tiltBubble(ImDrawList* dl, const AimView& v, ImVec2 c, float radius, const Ink& ink) {
  dl->AddCircle(c, radius, ink.dim, 48, 2.0f);
  dl->AddCircle(c, radius * 0.3f, kOnTarget, 48, 2.0f);  // 3 degrees
  if (!v.tilt_deg) return;
  const Eigen::Vector2d t = *v.tilt_deg / kTiltRangeDeg;
  const double n = std::min(1.0, t.norm());
  const Eigen::Vector2d p = t.norm() > 1e-9 ? Eigen::Vector2d(t.normalized() * n) : t;
  // A bubble floats away from the low side: opposite to where the axis leans.
  dl->AddCircleFilled(
      ImVec2(c.x - static_cast<float>(p.x()) * radius, c.y - static_cast<float>(p.y()) * radius),
      radius * 0.18f, kCoil, 32);
}

void depthBar(ImDrawList* dl, const AimView& v, ImVec2 top, ImVec2 size, ImFont* font,
              const Ink& ink) {
  dl->AddRect(top, ImVec2(top.x + size.x, top.y + size.y), ink.dim, 4.0f, 0, 2.0f);
  const float mid = top.y + size.y / 2;
  dl->AddLine(ImVec2(top.x - 6, mid), ImVec2(top.x + size.x + 6, mid), kOnTarget, 3.0f);
  text(dl, font, 16.0f, ImVec2(top.x, top.y - 20), ink.dim, "shallow");
  text(dl, font, 16.0f, ImVec2(top.x, top.y + size.y + 4), ink.dim, "deep");
  if (!v.depth_mm) return;
  const float f = static_cast<float>(std::clamp(*v.depth_mm / kDepthRangeMm, -1.0, 1.0));
  const float y = mid + f * size.y / 2;
  dl->AddRectFilled(ImVec2(top.x + 3, std::min(mid, y)),
                    ImVec2(top.x + size.x - 3, std::max(mid, y)), kCoil);
}

void stateBanner(ImDrawList* dl, const AimView& v, const Fonts& fonts, ImVec2 a, ImVec2 b,
                 float big, const Ink& ink) {
  const ImU32 fill = v.state == GuidanceState::OnTarget    ? kOnTarget
                     : v.state == GuidanceState::OffTarget ? kOffTarget
                                                           : kNotTracking;
  dl->AddRectFilled(a, b, fill, 8.0f);
  if (v.state == GuidanceState::NotTracking) hatch(dl, a, b);
  ImFont* font = fonts.big ? fonts.big : ImGui::GetFont();
  char line[96];
  std::snprintf(line, sizeof line, "%s", v.headline.c_str());
  if (v.state == GuidanceState::OnTarget)
    std::snprintf(line, sizeof line, "ON TARGET  %.0f s", v.on_target_for_s);
  const ImU32 words =
      v.state == GuidanceState::OffTarget ? IM_COL32(0, 0, 0, 255) : IM_COL32(255, 255, 255, 255);
  const float fit = fitted(font, big, b.x - a.x - 40, line);
  text(dl, font, fit, ImVec2(a.x + 20, a.y + (b.y - a.y - fit) / 2), words, line);
  (void)ink;
}

// Distance, tilt and turn, one per line, each as large as the column allows.
void numbers(ImDrawList* dl, const AimView& v, ImFont* font, ImVec2 at, float size, float width,
             const Ink& ink) {
  if (!v.coil_mm || !v.tilt_deg || !v.handle_rad) return;
  char lines[3][64];
  std::snprintf(lines[0], sizeof lines[0], "%.1f mm", v.coil_mm->norm());
  std::snprintf(lines[1], sizeof lines[1], "tilt %.0f\xc2\xb0", v.tilt_deg->norm());
  std::snprintf(lines[2], sizeof lines[2], "turn %+.0f\xc2\xb0", degFromRad(*v.handle_rad));
  float fit = size;
  for (const auto& l : lines) fit = std::min(fit, fitted(font, size, width, l));
  for (int i = 0; i < 3; ++i)
    text(dl, font, fit, ImVec2(at.x, at.y + fit * 1.05f * i), ink.fg, lines[i]);
}
}  // namespace

void drawTechnicianView(const AimView& v, const Fonts& fonts, ImVec2 o, ImVec2 size, bool heartbeat,
                        const TechnicianStyle& style, const std::string& footer) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const Ink ink = inkFor(style);
  ImFont* bold = fonts.big ? fonts.big : ImGui::GetFont();
  ImFont* body = fonts.body ? fonts.body : ImGui::GetFont();
  const ImVec2 end(o.x + size.x, o.y + size.y);
  dl->AddRectFilled(o, end, ink.bg);
  const float number = std::max(24.0f, size.y * kNumberFraction);
  const float banner_h = number * 1.5f;
  stateBanner(dl, v, fonts, o, ImVec2(end.x, o.y + banner_h), number * 1.1f, ink);

  const float body_top = o.y + banner_h + 12;
  // Up to four corrections (move, tilt, turn, depth) above the footer line.
  constexpr int kWordLines = 4;
  const float line_h = number * 0.5f;
  const float words_h = line_h * kWordLines + 30;
  const float body_h = size.y - banner_h - words_h - 24;
  if (v.state == GuidanceState::NotTracking) {
    // Nothing that could be mistaken for a position: the reason, large, on a hatched field.
    const ImVec2 a(o.x, body_top), b(end.x, end.y);
    dl->AddRectFilled(a, b, kNotTracking, 8.0f);
    hatch(dl, a, b);
    const std::string why = v.reason.empty() ? "no coil pose" : v.reason;
    dl->AddRectFilled(ImVec2(o.x + 20, body_top + body_h * 0.35f),
                      ImVec2(end.x - 20, body_top + body_h * 0.35f + number * 1.4f), ink.bg, 8.0f);
    const float fit = fitted(bold, number * 0.8f, size.x - 80, why.c_str());
    text(dl, bold, fit, ImVec2(o.x + 40, body_top + body_h * 0.35f + (number * 1.4f - fit) / 2),
         ink.fg, why.c_str());
  } else {
    // The bullseye on the left; distance, tilt and turn, the bubble and the depth bar in
    // the column to its right; the words of the correction across the bottom.
    const float square = std::min(body_h, size.x * 0.58f);
    const float radius = std::max(20.0f, square / 2 - std::max(16.0f, square * 0.04f) - 12);
    const ImVec2 centre(o.x + square / 2, body_top + body_h / 2);
    bullseye(dl, v, body, centre, radius, ink);
    const float column = o.x + square + 16;
    const float column_w = end.x - column - 16;
    numbers(dl, v, bold, ImVec2(column, body_top), number, column_w, ink);
    const float gauges_top = body_top + number * 3.3f;
    const float gauge =
        std::min({column_w * 0.3f, (end.y - words_h - gauges_top) * 0.45f, number * 1.3f});
    if (gauge > 12) {
      tiltBubble(dl, v, ImVec2(column + gauge, gauges_top + gauge + 20), gauge, ink);
      depthBar(dl, v, ImVec2(column + gauge * 2 + 40, gauges_top + 20), ImVec2(28, gauge * 2), body,
               ink);
    }
    float y = end.y - words_h;
    for (size_t i = 0; i < v.corrections.size() && i < kWordLines; ++i) {
      const char* c = v.corrections[i].c_str();
      text(dl, bold, fitted(bold, line_h * 0.9f, size.x - 60, c), ImVec2(o.x + 20, y), ink.fg, c);
      y += line_h;
    }
  }
  // Heartbeat and the age of the pose shown: a stalled view stops blinking.
  char age[64];
  std::snprintf(age, sizeof age, v.pose_age_s < 0 ? "no pose yet" : "pose %.0f ms old",
                1000.0 * v.pose_age_s);
  const ImVec2 hb(end.x - 24, end.y - 22);
  if (heartbeat)
    dl->AddCircleFilled(hb, 9.0f, ink.fg, 16);
  else
    dl->AddCircle(hb, 9.0f, ink.fg, 16, 2.0f);
  const float age_x = hb.x - 20 - textWidth(body, 18.0f, age);
  text(dl, body, 18.0f, ImVec2(age_x, hb.y - 10), ink.fg, age);
  const float foot = fitted(body, 18.0f, age_x - o.x - 40, footer.c_str());
  dl->AddRectFilled(ImVec2(o.x + 12, hb.y - 14),
                    ImVec2(o.x + 28 + textWidth(body, foot, footer.c_str()), hb.y + 12), ink.bg,
                    4.0f);
  text(dl, body, foot, ImVec2(o.x + 20, hb.y - foot / 2 - 1), ink.fg, footer.c_str());
}

}  // namespace tmsnav
