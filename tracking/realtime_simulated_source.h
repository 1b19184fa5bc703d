#pragma once
// The simulated tracker paced by a real clock, for the app: frames are stamped with the
// caller's monotonic clock so that staleness checks work exactly as for a real device.
#include <functional>

#include "tracking/simulated_tracker.h"
#include "tracking/tracker_worker.h"

namespace tmsnav {

class RealtimeSimulatedSource : public TrackerSource {
 public:
  // now_s may run faster than real time (speed > 1): sleeps are shortened to match.
  RealtimeSimulatedSource(SimulatedTracker tracker, std::function<double()> now_s,
                          double speed = 1.0);
  std::optional<TrackerFrame> next(std::stop_token stop) override;
  double nominalPeriodS() const override { return period_s_; }

 private:
  SimulatedTracker tracker_;
  std::function<double()> now_s_;
  double start_s_;
  double period_s_;
  double speed_;
  long index_ = 0;
};

}  // namespace tmsnav
