#include "navigation/technician_display.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/coords.h"

namespace tmsnav {

namespace {
constexpr double kTrailS = 1.0;
constexpr double kWordDeg = 1.0;

std::string toolWord(const std::string& tool) {
  if (tool == kCoilMarkerTool) return "coil marker";
  if (tool == kHeadRefTool) return "head reference";
  if (tool == kPointerTool) return "pointer";
  return tool;
}

std::string printed(const char* format, double a, const std::string& b = "") {
  char s[160];
  std::snprintf(s, sizeof s, format, a, b.c_str());
  return s;
}
}  // namespace

std::string notTrackingReason(const NavigationSnapshot& nav) {
  if (nav.state == NavState::Idle || nav.state == NavState::Stopped) return "tracking is off";
  if (nav.state == NavState::Failed) return nav.failure;
  if (nav.state == NavState::Connecting) return "connecting to the tracker";
  if (nav.registration && *nav.registration != RegistrationState::Valid) return nav.guidance.reason;
  for (const ToolLight& t : nav.tools) {
    if (t.tool == kPointerTool) continue;  // the pointer is not needed to guide
    if (t.kind == ToolLight::Kind::Stale)
      return toolWord(t.tool) + printed(" stale %.1f s", t.age_s);
    if (t.kind == ToolLight::Kind::Bad)
      return toolWord(t.tool) + (t.status == PoseStatus::Missing
                                     ? " not visible"
                                     : std::string(" ") + toString(t.status));
  }
  if (nav.state == NavState::Stale) return printed("no pose for %.1f s", nav.sample_age_s);
  return nav.guidance.reason.empty() ? "no coil pose" : nav.guidance.reason;
}

std::string poseAgeWords(const NavigationSnapshot& nav) {
  if (nav.state == NavState::Idle || nav.state == NavState::Stopped) return "tracking off";
  if (nav.sample_age_s < 0) return "no pose yet";
  return printed("pose %.0f ms old", 1000.0 * nav.sample_age_s);
}

namespace {
// "11 mm toward the front, 4 mm toward the right": the larger part first; a part that
// rounds to 0 is left out, so every printed number is the drawn one to within 0.5.
std::string twoParts(const Eigen::Vector2d& v, const char* unit, bool edge) {
  struct Part {
    double value;
    const std::string* word;
  };
  Part parts[2] = {{std::abs(v.x()), &kAimEdges[v.x() >= 0 ? 0 : 2]},
                   {std::abs(v.y()), &kAimEdges[v.y() >= 0 ? 1 : 3]}};
  if (parts[1].value > parts[0].value) std::swap(parts[0], parts[1]);
  std::string s;
  for (const Part& p : parts) {
    if (std::lround(p.value) < 1) continue;
    char one[96];
    if (edge)  // "the right edge 5 deg"
      std::snprintf(one, sizeof one, "the %s edge %.0f %s", p.word->c_str(), p.value, unit);
    else  // "11 mm toward the front"
      std::snprintf(one, sizeof one, "%.0f %s toward the %s", p.value, unit, p.word->c_str());
    s += (s.empty() ? "" : ", ") + std::string(one);
  }
  return s;
}

Eigen::Matrix2d rotation2d(double rad) {
  Eigen::Matrix2d r;
  r << std::cos(rad), -std::sin(rad), std::sin(rad), std::cos(rad);
  return r;
}
}  // namespace

const AimView& TechnicianDisplay::update(
    const NavigationSnapshot& nav,
    const std::optional<Transform<frame::Target, frame::Mri>>& target_to_mri,
    const GuidanceThresholds& thresholds) {
  const GuidanceUpdate& g = nav.guidance;
  const double now = nav.now_s;
  AimView v;
  v.state = g.state;
  v.pose_age_s = nav.sample_age_s;
  v.pose_age_words = poseAgeWords(nav);
  v.headline = g.state == GuidanceState::OnTarget    ? "ON TARGET"
               : g.state == GuidanceState::OffTarget ? "OFF TARGET"
                                                     : "NOT TRACKING";
  if (g.state == GuidanceState::OnTarget) {
    if (!on_target_since_s_) on_target_since_s_ = now;
    v.on_target_for_s = now - *on_target_since_s_;
  } else {
    on_target_since_s_.reset();
  }
  if (g.state == GuidanceState::NotTracking || !g.errors || !g.coil_to_mri || !target_to_mri) {
    v.reason = notTrackingReason(nav);
    trail_.clear();  // a trail through a gap would show motion nobody saw
    view_ = std::move(v);
    return view_;
  }
  const GuidanceErrors& e = *g.errors;
  // The screen is the target's tangent plane turned with the coil's handle: the coil's
  // handle (the planned +y turned by handle_rad about +z) points straight down.
  const Eigen::Matrix2d screen_from_target = rotation2d(-e.handle_rad);
  const Eigen::Vector2d offset(e.offset_target_mm.x(), e.offset_target_mm.y());
  v.coil_mm = screen_from_target * offset;
  trail_.emplace_back(now, offset);
  while (!trail_.empty() && trail_.front().first < now - kTrailS) trail_.pop_front();
  for (const auto& [t, p] : trail_) v.trail_mm.push_back(screen_from_target * p);
  v.planned_handle = screen_from_target * Eigen::Vector2d(0.0, 1.0);
  // +z is away from the viewer: a positive turn about it looks clockwise from above. The
  // coil is turned by handle_rad from the plan, so the way back is minus that.
  v.turn_deg = -degFromRad(e.handle_rad);
  v.depth_mm = e.offset_target_mm.z();
  // The coil's +z (into the head) in the target frame. Tipping toward a side lifts the
  // coil's edge on that side off the planned plane (a coil edge at u moves by -sin(tilt)
  // along z, out of the head), so the lean is the raised edge, and there the bubble
  // rises, as in a spirit level.
  const Eigen::Matrix3d coil_in_target =
      target_to_mri->rotation().transpose() * g.coil_to_mri->rotation();
  const Eigen::Vector3d axis = coil_in_target.col(2);
  const Eigen::Vector2d lean = screen_from_target * Eigen::Vector2d(axis.x(), axis.y());
  const double tilt = degFromRad(e.tilt_rad);
  v.tilt_deg = tilt;
  v.lean = lean.norm() > 1e-12 ? Eigen::Vector2d(lean.normalized()) : Eigen::Vector2d::Zero();
  v.bubble = *v.lean * std::min(1.0, tilt / kBubbleRangeDeg);

  if (g.state == GuidanceState::OnTarget) {
    view_ = std::move(v);
    return view_;
  }
  // The move undoes the dot: minus its screen position, in the labels' words.
  if (const std::string move = twoParts(-*v.coil_mm, "mm", false); !move.empty())
    v.corrections.push_back("move " + move);
  if (tilt >= kWordDeg && tilt >= degFromRad(thresholds.enter_tilt_rad) * 0.5) {
    // Lowering the raised edges brings the axis back. With the axis (a, b, c) on the
    // screen, lowering the larger side's edge first by atan2(|a|, c) (a turn about the
    // other screen axis, which keeps b) leaves (0, b, c'), and then the other edge by
    // asin(|b|) makes it level: exact, whatever the tilt, in the order the words say.
    const Eigen::Vector2d ab = screen_from_target * Eigen::Vector2d(axis.x(), axis.y());
    const double c = axis.z();
    const bool x_first = std::abs(ab.x()) >= std::abs(ab.y());
    const double first = std::atan2(std::abs(x_first ? ab.x() : ab.y()), c);
    const double second = std::asin(std::min(1.0, std::abs(x_first ? ab.y() : ab.x())));
    const Eigen::Vector2d edge_deg(std::copysign(degFromRad(x_first ? first : second), ab.x()),
                                   std::copysign(degFromRad(x_first ? second : first), ab.y()));
    if (const std::string edges = twoParts(edge_deg, "deg", true); !edges.empty())
      v.corrections.push_back("lower " + edges);
  }
  const double turn = *v.turn_deg;
  if (std::lround(std::abs(turn)) >= 1 && std::abs(turn) >= kWordDeg &&
      std::abs(turn) >= degFromRad(thresholds.enter_handle_rad) * 0.5)
    v.corrections.push_back(printed("turn the handle %.0f deg ", std::abs(turn)) +
                            (turn > 0 ? "clockwise" : "counter-clockwise"));
  if (std::abs(*v.depth_mm) >= thresholds.enter_mm)
    v.corrections.push_back(*v.depth_mm > 0
                                ? printed("lift %.0f mm: too deep", *v.depth_mm)
                                : printed("press %.0f mm closer: too shallow", -*v.depth_mm));
  view_ = std::move(v);
  return view_;
}

}  // namespace tmsnav
