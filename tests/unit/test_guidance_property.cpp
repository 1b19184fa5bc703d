// Property: whatever the sequence of drop-outs, delays, NaNs, invalid flags, skewed or
// future samples and reconnect gaps, "on target" is only ever reported for a usable pose
// (fresh, rigid, finite, simultaneous) that is within the leave thresholds.
#include <gtest/gtest.h>

#include <random>

#include "tracking/guidance_session.h"
#include "tracking/simulated_tracker.h"

using namespace tmsnav;

namespace {
constexpr long kSequences = 20000;
constexpr int kStepsPerSequence = 100;  // 2 million updates in all

// fault_rate: how often this sequence's samples are broken in one of eight ways.
TrackerFrame randomFrame(std::mt19937_64& rng, const Transform<frame::Target, frame::Mri>& target,
                         const TrackingSetup& setup, double now, double fault_rate) {
  std::uniform_real_distribution<double> u(0.0, 1.0);
  // A coil near the target most of the time, so on-target is reachable.
  Eigen::Isometry3d coil_to_target = Eigen::Isometry3d::Identity();
  const double scale = u(rng) < 0.95 ? 1.0 : 20.0;
  coil_to_target.translation() = scale * Eigen::Vector3d(u(rng) - 0.5, u(rng) - 0.5, u(rng) - 0.5);
  coil_to_target.linear() =
      Eigen::AngleAxisd(0.02 * scale * (u(rng) - 0.5), Eigen::Vector3d::UnitX()).toRotationMatrix();
  const Transform<frame::Coil, frame::Mri> coil_to_mri(target.iso() * coil_to_target);
  Eigen::Isometry3d ref = Eigen::Isometry3d::Identity();
  ref.translation() = Eigen::Vector3d(0, 0, -1000);
  const Transform<frame::HeadRef, frame::Tracker> ref_to_tracker(ref);
  const auto marker = ref_to_tracker * setup.head_ref_to_mri.inverse() * coil_to_mri *
                      setup.coil_to_coil_marker.inverse();
  TrackerFrame f;
  f.timestamp_s = now;
  ToolPose coil{kCoilMarkerTool, marker.iso(), now, PoseStatus::Ok};
  ToolPose head{kHeadRefTool, ref, now, PoseStatus::Ok};
  const double r = u(rng) < fault_rate ? u(rng) * 0.33 : 1.0;
  if (r < 0.05)
    coil.status = PoseStatus::Missing;
  else if (r < 0.10)
    coil.status = PoseStatus::Invalid;
  else if (r < 0.13)
    coil.tool_to_tracker.matrix()(0, 3) = std::nan("");
  else if (r < 0.16)
    coil.tool_to_tracker.matrix()(0, 1) += 0.05;  // non-rigid
  else if (r < 0.22)
    coil.timestamp_s = now - 0.5 * u(rng);  // delayed, maybe stale
  else if (r < 0.25)
    coil.timestamp_s = now + 0.2 * u(rng);  // from the future
  else if (r < 0.30)
    head.timestamp_s = now - 0.1 * u(rng);  // skewed reference
  else if (r < 0.33)
    head.status = PoseStatus::Missing;
  if (u(rng) < 0.5)
    f.tools = {coil, head};
  else
    f.tools = {head, coil};
  return f;
}
}  // namespace

TEST(GuidanceProperty, NeverOnTargetWithAStaleOrInvalidPose) {
  std::mt19937_64 rng(20261123);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  const TrackingSetup setup = simulatedSetup();
  Eigen::Isometry3d t = Eigen::Isometry3d::Identity();
  t.translation() = Eigen::Vector3d(51, -57, 35);
  const Transform<frame::Target, frame::Mri> target(t);
  long on_target = 0, violations = 0;
  for (long s = 0; s < kSequences; ++s) {
    GuidanceSession session(target, setup);
    double now = 0.0;
    const double fault_rate = u(rng) < 0.3 ? 0.0 : 0.3 * u(rng);
    TrackerFrame last = randomFrame(rng, target, setup, now, fault_rate);
    for (int i = 0; i < kStepsPerSequence; ++i) {
      const double event = u(rng);
      now += event < fault_rate / 4 ? 0.3 * u(rng) : 0.02 * u(rng);  // drop-outs and reconnect gaps
      if (event > fault_rate / 3)
        last = randomFrame(rng, target, setup, now, fault_rate);  // else silent
      const GuidanceUpdate g =
          event > 1.0 - fault_rate / 10 ? session.noData(now) : session.step(last, now);
      if (g.state != GuidanceState::OnTarget) continue;
      ++on_target;
      const auto usable = coilInMri(last, setup, now);
      const GuidanceThresholds th;
      if (!usable || !g.errors || !g.coil_to_mri || g.errors->position_mm > th.leave_mm ||
          g.errors->tilt_rad > th.leave_tilt_rad ||
          std::abs(g.errors->handle_rad) > th.leave_handle_rad)
        ++violations;
    }
  }
  EXPECT_EQ(violations, 0);
  EXPECT_GT(on_target, kSequences);  // on-target is reachable, so the property is not vacuous
}
