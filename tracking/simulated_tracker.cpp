#include "tracking/simulated_tracker.h"

#include <cmath>

#include "core/coords.h"

namespace tmsnav {

TrackingSetup simulatedSetup() {
  TrackingSetup s;
  Eigen::Isometry3d head_ref_to_mri = Eigen::Isometry3d::Identity();
  head_ref_to_mri.translation() = Eigen::Vector3d(0.0, -20.0, 110.0);  // on the forehead band
  head_ref_to_mri.linear() = Eigen::AngleAxisd(0.3, Eigen::Vector3d::UnitX()).toRotationMatrix();
  s.head_ref_to_mri = Transform<frame::HeadRef, frame::Mri>(head_ref_to_mri);
  Eigen::Isometry3d coil_to_marker = Eigen::Isometry3d::Identity();
  coil_to_marker.translation() = Eigen::Vector3d(0.0, -120.0, 40.0);  // marker on the handle
  s.coil_to_coil_marker = Transform<frame::Coil, frame::CoilMarker>(coil_to_marker);
  return s;
}

SimulatedTracker::SimulatedTracker(SimulationConfig config,
                                   Transform<frame::Target, frame::Mri> target_to_mri,
                                   TrackingSetup setup)
    : config_(std::move(config)), target_to_mri_(target_to_mri), setup_(setup), rng_(config_.seed) {
  Eigen::Isometry3d ref = Eigen::Isometry3d::Identity();
  ref.translation() = Eigen::Vector3d(50.0, 100.0, -1500.0);  // head ~1.5 m from the camera
  ref.linear() = Eigen::AngleAxisd(kPi, Eigen::Vector3d::UnitX()).toRotationMatrix();
  head_ref_to_tracker_ = Transform<frame::HeadRef, frame::Tracker>(ref);
  drift_direction_ = Eigen::Vector3d(gaussian(), gaussian(), gaussian()).normalized();
  if (config_.technician) technician_.emplace(*config_.technician);
}

Transform<frame::HeadRef, frame::Tracker> SimulatedTracker::headRefToTrackerAt(double t_s) const {
  Eigen::Isometry3d moved = head_ref_to_tracker_.iso();
  moved.pretranslate(
      drift_direction_ * config_.head_drift_mm_per_min * t_s / 60.0 +
      Eigen::Vector3d(0, 0, config_.head_sway_mm * std::sin(2.0 * kPi * 0.25 * t_s)));
  return Transform<frame::HeadRef, frame::Tracker>(moved);
}

// Box-Muller on the raw 64-bit stream: identical on every platform, unlike
// std::normal_distribution whose algorithm is implementation-defined.
double SimulatedTracker::gaussian() {
  const double u1 = (static_cast<double>(rng_() >> 11) + 0.5) * 0x1.0p-53;
  const double u2 = static_cast<double>(rng_() >> 11) * 0x1.0p-53;
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * kPi * u2);
}

Eigen::Isometry3d SimulatedTracker::coilToMriAt(double t_s) {
  const double k = std::exp(-t_s / config_.approach_tau_s);
  const double phase = 2.0 * kPi * config_.tremor_hz * t_s;
  Eigen::Vector3d offset =
      k * config_.start_offset_target_mm + (1.0 - k) * config_.hold_offset_target_mm;
  offset += config_.tremor_mm * Eigen::Vector3d(std::sin(phase), std::cos(1.3 * phase), 0.0);
  offset += config_.jitter_mm * Eigen::Vector3d(gaussian(), gaussian(), gaussian());
  const Eigen::Matrix3d rot =
      (Eigen::AngleAxisd(k * config_.start_handle_rad + config_.jitter_rad * gaussian(),
                         Eigen::Vector3d::UnitZ()) *
       Eigen::AngleAxisd(k * config_.start_tilt_rad + config_.jitter_rad * gaussian(),
                         Eigen::Vector3d::UnitX()))
          .toRotationMatrix();
  Eigen::Isometry3d coil_to_target = Eigen::Isometry3d::Identity();
  coil_to_target.linear() = rot;
  coil_to_target.translation() = offset;
  return target_to_mri_.iso() * coil_to_target;
}

Eigen::Vector3d sessionPlacementOffset(std::uint64_t seed, double sd_mm) {
  std::mt19937_64 rng(seed * 0x9E3779B97F4A7C15ULL + 0x5EED);  // not the noise stream
  std::normal_distribution<double> n(0.0, 1.0);
  const double x = n(rng), y = n(rng);
  return Eigen::Vector3d(sd_mm * x, sd_mm * y, 0.0);
}

TrackerFrame SimulatedTracker::sample(double t_s) {
  const double t_pose = t_s - config_.latency_s;  // what arrives at t_s was measured earlier
  const Transform<frame::Coil, frame::Mri> coil_to_mri(coilToMriAt(t_pose));
  const auto head_ref_to_tracker = headRefToTrackerAt(t_pose);
  const auto coil_marker_to_tracker = head_ref_to_tracker * setup_.head_ref_to_mri.inverse() *
                                      coil_to_mri * setup_.coil_to_coil_marker.inverse();
  bool hidden = false;
  for (const auto& [from, to] : config_.occlusions) hidden |= (t_s >= from && t_s < to);

  TrackerFrame f;
  f.timestamp_s = t_pose;
  f.tools.push_back({kHeadRefTool, head_ref_to_tracker.iso(), t_pose, PoseStatus::Ok});
  f.tools.push_back({kCoilMarkerTool,
                     hidden ? Eigen::Isometry3d::Identity() : coil_marker_to_tracker.iso(), t_pose,
                     hidden ? PoseStatus::Missing : PoseStatus::Ok});
  if (technician_) technician_->addPointer(f, t_s);
  return f;
}

}  // namespace tmsnav
