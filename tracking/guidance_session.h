#pragma once
// One guidance step from a tracker frame: pose chain, errors, state. Shared by the app,
// the CLI and the tests so there is exactly one definition of "on target".
#include <optional>
#include <string>

#include "tracking/guidance.h"
#include "tracking/pose_chain.h"

namespace tmsnav {

struct GuidanceUpdate {
  double t_s = 0.0;
  GuidanceState state = GuidanceState::NotTracking;
  std::optional<CoilToMri> coil_to_mri;  // only when every input was usable
  std::optional<GuidanceErrors> errors;
  std::string reason;  // why not tracking, empty otherwise
};

class GuidanceSession {
 public:
  GuidanceSession(Transform<frame::Target, frame::Mri> target_to_mri, TrackingSetup setup,
                  GuidanceThresholds thresholds = {})
      : target_to_mri_(target_to_mri), setup_(setup), machine_(thresholds) {}

  GuidanceUpdate step(const TrackerFrame& frame, double now_s);
  // No frame at all (tracker silent): guidance must degrade, not freeze.
  GuidanceUpdate noData(double now_s);

  const Transform<frame::Target, frame::Mri>& targetToMri() const { return target_to_mri_; }
  const TrackingSetup& setup() const { return setup_; }

 private:
  Transform<frame::Target, frame::Mri> target_to_mri_;
  TrackingSetup setup_;
  GuidanceStateMachine machine_;
};

}  // namespace tmsnav
