#include "tracking/tool_pose.h"

#include "tracking/rigid.h"

namespace tmsnav {

const char* toString(PoseStatus s) {
  switch (s) {
    case PoseStatus::Ok:
      return "ok";
    case PoseStatus::Missing:
      return "missing";
    case PoseStatus::Invalid:
      return "invalid";
  }
  return "invalid";
}

bool isUsable(const ToolPose& pose, double now_s, double max_age_s) {
  if (pose.status != PoseStatus::Ok) return false;
  const double age = now_s - pose.timestamp_s;
  if (!(age <= max_age_s) || age < -kFutureTimestampToleranceS) return false;
  return toRigid(pose.tool_to_tracker.matrix()).ok();
}

}  // namespace tmsnav
