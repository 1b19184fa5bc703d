#include "tracking/guidance_session.h"

namespace tmsnav {

GuidanceUpdate GuidanceSession::step(const TrackerFrame& frame, double now_s) {
  GuidanceUpdate u;
  u.t_s = now_s;
  auto coil = coilInMri(frame, setup_, now_s);
  if (coil) {
    u.coil_to_mri = *coil;
    u.errors = computeGuidanceErrors(*coil, target_to_mri_);
  } else {
    u.reason = coil.error();
  }
  u.state = machine_.update(u.errors, now_s);
  return u;
}

GuidanceUpdate GuidanceSession::noData(double now_s) {
  GuidanceUpdate u;
  u.t_s = now_s;
  u.reason = "no tracker data";
  u.state = machine_.update(std::nullopt, now_s);
  return u;
}

}  // namespace tmsnav
