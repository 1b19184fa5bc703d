#include "tracking/guidance.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

namespace tmsnav {

GuidanceErrors computeGuidanceErrors(const Transform<frame::Coil, frame::Mri>& coil_to_mri,
                                     const Transform<frame::Target, frame::Mri>& target_to_mri) {
  const Transform<frame::Coil, frame::Target> coil_to_target =
      target_to_mri.inverse() * coil_to_mri;
  const Eigen::Matrix3d r = coil_to_target.rotation();
  GuidanceErrors e;
  e.offset_target_mm = coil_to_target.translation();
  e.position_mm = e.offset_target_mm.norm();
  e.tilt_rad = std::acos(std::clamp(r(2, 2), -1.0, 1.0));
  // Handle: the coil's +y projected onto the planned tangent plane, angle from planned +y.
  const Eigen::Vector2d y_tangent(r(0, 1), r(1, 1));
  e.handle_rad =
      y_tangent.norm() < 1e-9 ? std::acos(-1.0) : std::atan2(-y_tangent.x(), y_tangent.y());
  return e;
}

std::string describeCorrection(const GuidanceErrors& e,
                               const Transform<frame::Target, frame::Mri>& target_to_mri) {
  // The coil must move by minus its tangential offset; express that in LPS world axes.
  const Eigen::Vector3d move_target(-e.offset_target_mm.x(), -e.offset_target_mm.y(), 0.0);
  const Eigen::Vector3d move_lps = target_to_mri.rotation() * move_target;
  struct Part {
    double mm;
    const char* word;
  };
  std::array<Part, 3> parts{{{std::abs(move_lps.x()), move_lps.x() > 0 ? "left" : "right"},
                             {std::abs(move_lps.y()), move_lps.y() > 0 ? "posterior" : "anterior"},
                             {std::abs(move_lps.z()), move_lps.z() > 0 ? "superior" : "inferior"}}};
  std::sort(parts.begin(), parts.end(), [](const Part& a, const Part& b) { return a.mm > b.mm; });
  char buf[96];
  if (parts[0].mm < 0.5) return "hold position";
  if (parts[1].mm < 0.5)
    std::snprintf(buf, sizeof buf, "move %.0f mm %s", parts[0].mm, parts[0].word);
  else
    std::snprintf(buf, sizeof buf, "move %.0f mm %s, %.0f mm %s", parts[0].mm, parts[0].word,
                  parts[1].mm, parts[1].word);
  return buf;
}

const char* toString(GuidanceState s) {
  switch (s) {
    case GuidanceState::NotTracking:
      return "not_tracking";
    case GuidanceState::OffTarget:
      return "off_target";
    case GuidanceState::OnTarget:
      return "on_target";
  }
  return "not_tracking";
}

bool GuidanceStateMachine::inside(const GuidanceErrors& e) const {
  return e.position_mm < t_.enter_mm && e.tilt_rad < t_.enter_tilt_rad &&
         std::abs(e.handle_rad) < t_.enter_handle_rad;
}

bool GuidanceStateMachine::outside(const GuidanceErrors& e) const {
  return !(e.position_mm <= t_.leave_mm && e.tilt_rad <= t_.leave_tilt_rad &&
           std::abs(e.handle_rad) <= t_.leave_handle_rad);
}

GuidanceState GuidanceStateMachine::update(const std::optional<GuidanceErrors>& errors,
                                           double t_s) {
  const bool finite = errors && std::isfinite(errors->position_mm) &&
                      std::isfinite(errors->tilt_rad) && std::isfinite(errors->handle_rad);
  if (!finite) {
    state_ = GuidanceState::NotTracking;
    inside_since_s_.reset();
    return state_;
  }
  if (state_ == GuidanceState::OnTarget) {
    if (outside(*errors)) {
      state_ = GuidanceState::OffTarget;
      inside_since_s_.reset();
    }
    return state_;
  }
  if (!inside(*errors)) {
    inside_since_s_.reset();
    state_ = GuidanceState::OffTarget;
    return state_;
  }
  if (!inside_since_s_) inside_since_s_ = t_s;
  state_ =
      (t_s - *inside_since_s_ >= t_.dwell_s) ? GuidanceState::OnTarget : GuidanceState::OffTarget;
  return state_;
}

}  // namespace tmsnav
