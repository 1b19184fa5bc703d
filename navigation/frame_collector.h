#pragma once
// Collects every frame of a source for a while, on the tracker's own thread: what
// calibration and registration read (a recording, as fast as it can be read; a live
// server for the given time). Pointer poses in the head reference's frame come out of it.
#include <vector>

#include "navigation/tracker_sources.h"
#include "tracking/landmark_touches.h"
#include "tracking/tracker_frame.h"

namespace tmsnav {

struct Collected {
  std::vector<TrackerFrame> frames;
  double update_period_s = kDefaultUpdatePeriodS;
};

// A recording is read whole with its own timestamps; a live source is listened to for
// `seconds` on the tracker's thread.
// Errors: the spec's (checkSource) and the source's own failure (an unreadable file).
Result<Collected> collectFrames(const SourceSpec& spec, double seconds, const Clocks& clocks);

struct PointerPath {
  std::vector<PointerSample> samples;
  bool relative_to_reference = false;  // in the reference tool's frame; false: none in the data
};
// The pointer in the reference tool's frame in one frame, judged at the frame's time, or
// why not ("the pointer is not visible", "HeadRef is stale").
struct PointerReading {
  std::optional<Eigen::Isometry3d> pointer_to_reference;
  std::string unusable;  // empty when usable
};
PointerReading readPointer(const TrackerFrame& frame, const std::string& reference_tool,
                           double max_age_s);

// The pointer in the head reference's frame at each frame where both are usable (OK,
// rigid, not stale at the frame's time); the tracker's frame when there is no reference
// at all.
// reference_tool: HeadRef for registration, CoilMarker for coil calibration.
PointerPath pointerPath(const Collected& collected,
                        const std::string& reference_tool = kHeadRefTool);

}  // namespace tmsnav
