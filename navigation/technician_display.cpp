#include "navigation/technician_display.h"

#include <cmath>
#include <cstdio>

#include "core/coords.h"

namespace tmsnav {

namespace {
constexpr double kTrailS = 1.0;
constexpr double kWordMm = 1.0;  // smaller moves are not worth a word
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

std::string anatomicalDirection(const Eigen::Vector3d& d) {
  const Eigen::Vector3d a = d.cwiseAbs();
  if (a.x() >= a.y() && a.x() >= a.z()) return d.x() > 0 ? "the left ear" : "the right ear";
  if (a.y() >= a.z()) return d.y() > 0 ? "the back of the head" : "the face";
  return d.z() > 0 ? "the top of the head" : "the neck";
}

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

const AimView& TechnicianDisplay::update(
    const NavigationSnapshot& nav,
    const std::optional<Transform<frame::Target, frame::Mri>>& target_to_mri,
    const GuidanceThresholds& thresholds) {
  const GuidanceUpdate& g = nav.guidance;
  const double now = nav.now_s;
  AimView v;
  v.state = g.state;
  v.pose_age_s = nav.sample_age_s;
  v.headline = g.state == GuidanceState::OnTarget    ? "ON TARGET"
               : g.state == GuidanceState::OffTarget ? "OFF TARGET"
                                                     : "NOT TRACKING";
  if (g.state == GuidanceState::OnTarget) {
    if (!on_target_since_s_) on_target_since_s_ = now;
    v.on_target_for_s = now - *on_target_since_s_;
  } else {
    on_target_since_s_.reset();
  }
  if (target_to_mri) {
    const Eigen::Matrix3d r = target_to_mri->rotation();
    const Eigen::Vector3d axes[4] = {r.col(0), r.col(1), -r.col(0), -r.col(1)};
    for (int i = 0; i < 4; ++i) v.edges[static_cast<size_t>(i)] = anatomicalDirection(axes[i]);
  }
  if (g.state == GuidanceState::NotTracking || !g.errors || !g.coil_to_mri || !target_to_mri) {
    v.reason = notTrackingReason(nav);
    trail_.clear();  // a trail through a gap would show motion nobody saw
    view_ = std::move(v);
    return view_;
  }
  const GuidanceErrors& e = *g.errors;
  const Eigen::Vector2d dot(e.offset_target_mm.x(), e.offset_target_mm.y());
  v.coil_mm = dot;
  trail_.emplace_back(now, dot);
  while (!trail_.empty() && trail_.front().first < now - kTrailS) trail_.pop_front();
  for (const auto& [t, p] : trail_) v.trail_mm.push_back(p);
  v.handle_rad = e.handle_rad;
  v.depth_mm = e.offset_target_mm.z();
  // The coil's axis (into the head) in the target frame: its tangential part is the lean.
  const Eigen::Matrix3d coil_in_target =
      target_to_mri->rotation().transpose() * g.coil_to_mri->rotation();
  const Eigen::Vector3d axis = coil_in_target.col(2);
  const Eigen::Vector2d lean(axis.x(), axis.y());
  v.tilt_deg = lean.norm() > 1e-12 ? Eigen::Vector2d(lean.normalized() * degFromRad(e.tilt_rad))
                                   : Eigen::Vector2d::Zero();

  if (g.state == GuidanceState::OnTarget) {
    view_ = std::move(v);
    return view_;
  }
  const Eigen::Matrix3d r = target_to_mri->rotation();
  if (nav.correction && e.position_mm >= kWordMm) v.corrections.push_back(*nav.correction);
  const double tilt = degFromRad(e.tilt_rad);
  if (tilt >= kWordDeg && tilt >= degFromRad(thresholds.enter_tilt_rad) * 0.5) {
    // Leaning toward d, the coil's edge on that side is raised: lower it.
    const Eigen::Vector3d toward = r * Eigen::Vector3d(lean.x(), lean.y(), 0.0);
    v.corrections.push_back(
        printed("tilt %.0f deg: lower the edge toward %s", tilt, anatomicalDirection(toward)));
  }
  const double handle = degFromRad(e.handle_rad);
  if (std::abs(handle) >= kWordDeg &&
      std::abs(handle) >= degFromRad(thresholds.enter_handle_rad) * 0.5)
    // Positive: turned about +z (away from the viewer), which looks clockwise on screen.
    v.corrections.push_back(printed("turn the handle %.0f deg ", std::abs(handle)) +
                            (handle > 0 ? "counter-clockwise" : "clockwise"));
  if (std::abs(*v.depth_mm) >= thresholds.enter_mm)
    v.corrections.push_back(*v.depth_mm > 0
                                ? printed("lift %.0f mm: too deep", *v.depth_mm)
                                : printed("press %.0f mm closer: too shallow", -*v.depth_mm));
  view_ = std::move(v);
  return view_;
}

}  // namespace tmsnav
