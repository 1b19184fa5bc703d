#include "tracking/simulated_session.h"

#include <cmath>

namespace tmsnav {

SimulationSummary runSimulatedSession(const Transform<frame::Target, frame::Mri>& target_to_mri,
                                      const SimulationConfig& config, double seconds,
                                      const std::function<void(const GuidanceUpdate&)>& on_update,
                                      const GuidanceThresholds& thresholds) {
  const TrackingSetup setup = simulatedSetup();
  SimulatedTracker tracker(config, target_to_mri, setup);
  GuidanceSession session(target_to_mri, setup, thresholds);
  SimulationSummary s;
  const long n = static_cast<long>(std::floor(seconds * config.rate_hz + 1e-9)) + 1;
  for (long i = 0; i < n; ++i) {
    const double t = static_cast<double>(i) / config.rate_hz;  // no accumulated rounding
    const GuidanceUpdate u = session.step(tracker.sample(t), t);
    ++s.samples;
    if (u.state == GuidanceState::OnTarget) {
      ++s.on_target_samples;
      if (s.first_on_target_s < 0) s.first_on_target_s = t;
    }
    if (u.state == GuidanceState::NotTracking) ++s.not_tracking_samples;
    if (on_update) on_update(u);
    s.last = u;
  }
  return s;
}

}  // namespace tmsnav
