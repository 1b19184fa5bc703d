#include "tracking/pose_chain.h"

#include <cmath>
#include <string>

namespace tmsnav {

namespace {
Result<Eigen::Isometry3d> usablePose(const TrackerFrame& frame, const char* tool,
                                     const TrackingSetup& setup, double now_s) {
  const ToolPose* pose = frame.find(tool);
  if (!pose) return Error{std::string(tool) + " missing"};
  if (pose->status != PoseStatus::Ok)
    return Error{std::string(tool) + " " + toString(pose->status)};
  if (!isUsable(*pose, now_s, setup.max_age_s))
    return Error{std::string(tool) + " stale or not rigid"};
  return pose->tool_to_tracker;
}
}  // namespace

Result<CoilToMri> coilInMri(const TrackerFrame& frame, const TrackingSetup& setup, double now_s) {
  auto coil = usablePose(frame, kCoilMarkerTool, setup, now_s);
  if (!coil) return Error{coil.error()};
  auto ref = usablePose(frame, kHeadRefTool, setup, now_s);
  if (!ref) return Error{ref.error()};
  const double skew =
      std::abs(frame.find(kCoilMarkerTool)->timestamp_s - frame.find(kHeadRefTool)->timestamp_s);
  if (skew > setup.max_skew_s) return Error{"coil and reference samples are not simultaneous"};
  const Transform<frame::CoilMarker, frame::Tracker> coil_marker_to_tracker(*coil);
  const Transform<frame::HeadRef, frame::Tracker> head_ref_to_tracker(*ref);
  return setup.head_ref_to_mri * head_ref_to_tracker.inverse() * coil_marker_to_tracker *
         setup.coil_to_coil_marker;
}

}  // namespace tmsnav
