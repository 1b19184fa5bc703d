#pragma once
// One sample of every tool a tracker reports at one instant.
#include <optional>
#include <string>
#include <vector>

#include "tracking/tool_pose.h"

namespace tmsnav {

struct TrackerFrame {
  double timestamp_s = 0.0;  // source clock, seconds
  std::vector<ToolPose> tools;
  std::vector<std::string> events;  // e.g. stimulator pulses received as STRING messages

  const ToolPose* find(const std::string& tool) const {
    for (const auto& t : tools)
      if (t.tool == tool) return &t;
    return nullptr;
  }
};

inline const char* kCoilMarkerTool = "CoilMarker";
inline const char* kHeadRefTool = "HeadRef";
inline const char* kPointerTool = "Pointer";  // the calibrated stylus used to digitise points

}  // namespace tmsnav
