#pragma once
// A tracked pose is never just a matrix: it carries when it was measured and whether the
// source vouched for it, so that nothing downstream can show a stale pose as valid.
#include <string>

#include <Eigen/Geometry>

namespace tmsnav {

enum class PoseStatus { Ok, Missing, Invalid };

const char* toString(PoseStatus s);

struct ToolPose {
  std::string tool;  // e.g. "Coil", "HeadRef"
  Eigen::Isometry3d tool_to_tracker = Eigen::Isometry3d::Identity();
  double timestamp_s = 0.0;  // source clock, seconds
  PoseStatus status = PoseStatus::Missing;
};

// Usable for guidance: OK, finite, rigid, and not older than max_age_s at time now_s.
// A timestamp in the future (beyond the tolerance) is as suspect as an old one.
bool isUsable(const ToolPose& pose, double now_s, double max_age_s);

constexpr double kFutureTimestampToleranceS = 0.010;

}  // namespace tmsnav
