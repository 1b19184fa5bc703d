#pragma once
// A whole simulated approach in simulated time (no wall clock): the same plan, config and
// seed always give the same updates.
#include <functional>

#include "tracking/guidance_session.h"
#include "tracking/simulated_tracker.h"

namespace tmsnav {

struct SimulationSummary {
  long samples = 0;
  long on_target_samples = 0;
  long not_tracking_samples = 0;
  double first_on_target_s = -1.0;  // -1: never
  GuidanceUpdate last;
};

SimulationSummary runSimulatedSession(const Transform<frame::Target, frame::Mri>& target_to_mri,
                                      const SimulationConfig& config, double seconds,
                                      const std::function<void(const GuidanceUpdate&)>& on_update,
                                      const GuidanceThresholds& thresholds = {});

}  // namespace tmsnav
