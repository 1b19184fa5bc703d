#pragma once
// From raw tracker poses to the coil in image space:
//   coil_to_mri = head_ref_to_mri * tracker_to_head_ref * coil_marker_to_tracker *
//   coil_to_coil_marker
// Any missing, invalid, stale or time-mismatched input yields an error, never a pose.
#include "core/frames.h"
#include "core/result.h"
#include "tracking/tracker_frame.h"

namespace tmsnav {

struct TrackingSetup {
  Transform<frame::HeadRef, frame::Mri> head_ref_to_mri;          // from registration
  Transform<frame::Coil, frame::CoilMarker> coil_to_coil_marker;  // from coil calibration
  double max_age_s = 0.1;                                         // older samples are stale
  double max_skew_s = 0.02;  // coil and reference samples further apart are not one instant
};

Result<CoilToMri> coilInMri(const TrackerFrame& frame, const TrackingSetup& setup, double now_s);

}  // namespace tmsnav
