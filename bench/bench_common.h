#pragma once
// Shared by the benchmarks: a planned target and a second of simulated tracker frames.
#include <vector>

#include "tracking/simulated_tracker.h"

namespace tmsnav::bench {

inline Transform<frame::Target, frame::Mri> sampleTarget() {
  Eigen::Isometry3d t = Eigen::Isometry3d::Identity();
  t.translation() = Eigen::Vector3d(51, -57, 35);  // near the left DLPFC entry on Colin27 (LPS)
  return Transform<frame::Target, frame::Mri>(t);
}

// Frames of a coil holding on target (after the approach), 50 Hz.
inline std::vector<TrackerFrame> holdingFrames(const Transform<frame::Target, frame::Mri>& target,
                                               const TrackingSetup& setup, int count) {
  SimulatedTracker sim(SimulationConfig{}, target, setup);
  std::vector<TrackerFrame> frames;
  for (int i = 0; i < count; ++i) frames.push_back(sim.sample(2.0 + i * 0.02));
  return frames;
}

}  // namespace tmsnav::bench
