#pragma once
// A virtual technician who brings the coil from a start pose to the planned pose and holds
// it there, seen by a virtual tracker: jitter, tremor and occlusions, deterministic for a
// seed. Produces raw tracker-frame poses so the whole pose chain is exercised; the head
// (and its reference marker) moves in the tracker frame, and the technician follows it.

// Limits of a believable optical tracker.
constexpr double kMinRateHz = 20.0, kMaxRateHz = 400.0;
#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <random>
#include <utility>
#include <vector>

#include "tracking/pose_chain.h"
#include "tracking/simulated_pointer.h"
#include "tracking/tracker_frame.h"

namespace tmsnav {

struct SimulationConfig {
  double rate_hz = 50.0;
  double jitter_mm = 0.1;      // per-sample Gaussian noise (1 sigma)
  double jitter_rad = 0.0009;  // ~0.05 degrees
  double tremor_mm = 0.2;      // physiological tremor amplitude
  double tremor_hz = 8.0;
  double approach_tau_s = 1.5;                                    // time constant of the approach
  Eigen::Vector3d start_offset_target_mm{35.0, -25.0, -30.0};     // -z: above the scalp
  double start_tilt_rad = 0.35;                                   // ~20 degrees
  double start_handle_rad = 0.52;                                 // ~30 degrees
  std::vector<std::pair<double, double>> occlusions{{1.0, 1.4}};  // coil marker hidden [s]
  double head_drift_mm_per_min = 1.0;  // slow head motion (tens of mm over 30 min seen in sessions)
  double head_sway_mm = 0.5;           // breathing-like sway, 0.25 Hz
  double latency_s = 0.005;            // a sample describes the pose this long before it arrives
  // Where the technician settles, in the target frame (mm): a course's session-to-session
  // placement error (issue 15). Zero: on the plan.
  Eigen::Vector3d hold_offset_target_mm = Eigen::Vector3d::Zero();
  std::uint64_t seed = 1;
  // A pointer held by a technician who follows the registration wizard's prompts; none:
  // the frames carry no pointer.
  std::optional<SimulatedTechnician> technician;
  // Set: the tracker stops sending, as an unplugged device does (tests of staleness).
  std::shared_ptr<std::atomic<bool>> silenced;
};

// A simulated session's placement error in the target's tangent plane (mm): Gaussian with
// sd_mm per axis, drawn from the seed alone (so a report's figures can be checked).
Eigen::Vector3d sessionPlacementOffset(std::uint64_t seed, double sd_mm);

// Calibration and registration that the simulator pretends were measured.
TrackingSetup simulatedSetup();

class SimulatedTracker {
 public:
  SimulatedTracker(SimulationConfig config, Transform<frame::Target, frame::Mri> target_to_mri,
                   TrackingSetup setup);

  // The frame at time t_s since the start; call with increasing t_s (the noise stream
  // advances once per call, so equal call sequences give equal frames).
  TrackerFrame sample(double t_s);
  const SimulationConfig& config() const { return config_; }

 private:
  double gaussian();
  Eigen::Isometry3d coilToMriAt(double t_s);
  Transform<frame::HeadRef, frame::Tracker> headRefToTrackerAt(double t_s) const;

  SimulationConfig config_;
  Transform<frame::Target, frame::Mri> target_to_mri_;
  TrackingSetup setup_;
  Transform<frame::HeadRef, frame::Tracker> head_ref_to_tracker_;
  std::mt19937_64 rng_;
  Eigen::Vector3d drift_direction_;
  std::optional<TechnicianPlayer> technician_;
};

}  // namespace tmsnav
