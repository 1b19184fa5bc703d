#include "tracking/realtime_simulated_source.h"

#include <algorithm>
#include <chrono>
#include <thread>

namespace tmsnav {

RealtimeSimulatedSource::RealtimeSimulatedSource(SimulatedTracker tracker,
                                                 std::function<double()> now_s, double speed)
    : tracker_(std::move(tracker)),
      now_s_(std::move(now_s)),
      start_s_(now_s_()),
      period_s_(1.0 / tracker_.config().rate_hz),
      speed_(speed > 0 ? speed : 1.0) {}

std::optional<TrackerFrame> RealtimeSimulatedSource::next(std::stop_token stop) {
  const double period = 1.0 / tracker_.config().rate_hz;
  const double due = start_s_ + static_cast<double>(index_) * period;
  // Sleep in short slices so that stop requests are honoured promptly.
  while (!stop.stop_requested()) {
    const double wait = due - now_s_();
    if (wait <= 0) break;
    std::this_thread::sleep_for(std::chrono::duration<double>(std::min(wait, 0.01) / speed_));
  }
  // Silenced: nothing more arrives, and the source does not end either.
  const auto& silenced = tracker_.config().silenced;
  while (silenced && silenced->load() && !stop.stop_requested())
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  if (stop.stop_requested()) return std::nullopt;
  TrackerFrame frame = tracker_.sample(static_cast<double>(index_) * period);
  ++index_;
  // Stamped with our clock, minus the simulated latency the frame carries.
  const double stamp = now_s_() - tracker_.config().latency_s;
  frame.timestamp_s = stamp;
  for (auto& tool : frame.tools) tool.timestamp_s = stamp;
  return frame;
}

}  // namespace tmsnav
