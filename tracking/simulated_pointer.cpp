#include "tracking/simulated_pointer.h"

#include <cmath>
#include <random>

namespace tmsnav {

namespace {
constexpr double kPivotRad = 0.25;  // the hand turns the pointer by up to ~15 degrees
constexpr double kJitterMm = 0.1;   // tracker noise on each sample
constexpr double kLiftMm = 30.0;    // the pointer is lifted between touches
constexpr double kMoveS = 0.6;

struct Scene {
  const PointerSessionConfig& c;
  std::mt19937 rng;
  Eigen::Isometry3d head_ref_to_tracker;
  std::vector<TrackerFrame> frames;
  double t = 0.0;

  Eigen::Vector3d noise(double rms) {
    std::normal_distribution<double> n(0.0, rms / std::sqrt(3.0));
    return {n(rng), n(rng), n(rng)};
  }
  // One frame with the tip at p_mri, the pointer's shaft turned by `turn`.
  void sample(const Eigen::Vector3d& p_mri, const Eigen::Matrix3d& turn) {
    const Eigen::Isometry3d mri_to_head_ref = c.head_ref_to_mri.iso().inverse();
    const Eigen::Vector3d tip_head = mri_to_head_ref * p_mri + noise(kJitterMm);
    Eigen::Isometry3d pointer_to_head = Eigen::Isometry3d::Identity();
    pointer_to_head.linear() = turn;
    pointer_to_head.translation() = tip_head - turn * c.tip_in_marker;
    TrackerFrame f;
    f.timestamp_s = t;
    f.tools.push_back({kHeadRefTool, head_ref_to_tracker, t, PoseStatus::Ok});
    f.tools.push_back({kPointerTool, head_ref_to_tracker * pointer_to_head, t, PoseStatus::Ok});
    frames.push_back(f);
    t += 1.0 / c.rate_hz;
  }
  Eigen::Matrix3d pointerDown(double phase) const {
    // Shaft pointing into the head (-z of the marker toward the scalp), turning in a cone.
    return (Eigen::AngleAxisd(kPivotRad * std::sin(phase), Eigen::Vector3d::UnitX()) *
            Eigen::AngleAxisd(kPivotRad * std::cos(1.3 * phase), Eigen::Vector3d::UnitY()))
        .toRotationMatrix();
  }
};
}  // namespace

std::vector<TrackerFrame> simulatePointerSession(const PointerSessionConfig& c) {
  Scene s{c, std::mt19937(c.seed), Eigen::Isometry3d::Identity(), {}, 0.0};
  s.head_ref_to_tracker.linear() =
      Eigen::AngleAxisd(0.4, Eigen::Vector3d(0.3, -1, 0.2).normalized()).toRotationMatrix();
  s.head_ref_to_tracker.translation() = Eigen::Vector3d(50, -120, -900);
  const int hold = static_cast<int>(c.hold_s * c.rate_hz),
            move = static_cast<int>(kMoveS * c.rate_hz);
  for (const auto& landmark : c.landmarks_mri) {
    const Eigen::Vector3d touched = landmark + s.noise(c.fle_rms_mm);  // the miss, per touch
    for (int i = 0; i < hold; ++i) s.sample(touched, s.pointerDown(0.3 * i));
    const Eigen::Vector3d up = touched.normalized() * kLiftMm;
    for (int i = 1; i <= move; ++i) s.sample(touched + up * (double(i) / move), s.pointerDown(0));
  }
  for (const auto& p : c.sweep_mri) s.sample(p + s.noise(c.sweep_noise_rms_mm), s.pointerDown(0));
  return s.frames;
}

std::vector<Eigen::Vector3d> sweepVault(const std::vector<Eigen::Vector3d>& vertices,
                                        const Eigen::Vector3d& ear) {
  constexpr double kAboveEarsMm = 20.0;
  std::vector<Eigen::Vector3d> out;
  for (const auto& v : vertices)
    if (v.z() > ear.z() + kAboveEarsMm) out.push_back(v);
  return out;
}

}  // namespace tmsnav
