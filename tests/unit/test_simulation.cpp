#include <gtest/gtest.h>

#include "tracking/session_log.h"
#include "tracking/simulated_session.h"

using namespace tmsnav;

namespace {
Transform<frame::Target, frame::Mri> target() {
  Eigen::Isometry3d t = Eigen::Isometry3d::Identity();
  t.linear() =
      Eigen::AngleAxisd(2.0, Eigen::Vector3d(0.3, 0.5, 0.8).normalized()).toRotationMatrix();
  t.translation() = Eigen::Vector3d(51, -57, 35);
  return Transform<frame::Target, frame::Mri>(t);
}

std::string logOf(std::uint64_t seed, double seconds, SimulationSummary* summary = nullptr) {
  SimulationConfig c;
  c.seed = seed;
  std::string log;
  auto s = runSimulatedSession(target(), c, seconds, [&](const GuidanceUpdate& u) {
    (log += formatGuidanceRecord(u)) += '\n';
  });
  if (summary) *summary = s;
  return log;
}
}  // namespace

TEST(Simulation, SameSeedGivesIdenticalLogDifferentSeedDoesNot) {
  EXPECT_EQ(logOf(7, 3.0), logOf(7, 3.0));
  EXPECT_NE(logOf(7, 3.0), logOf(8, 3.0));
}

TEST(Simulation, ApproachReachesOnTargetAndOcclusionIsNotTracking) {
  SimulationSummary s;
  logOf(1, 10.0, &s);
  EXPECT_EQ(s.samples, 501);
  EXPECT_GT(s.first_on_target_s, 1.4);  // not before the approach and the occlusion
  EXPECT_LT(s.first_on_target_s, 10.0);
  EXPECT_EQ(s.last.state, GuidanceState::OnTarget);
  EXPECT_EQ(s.not_tracking_samples, 20);  // 1.0-1.4 s at 50 Hz
}

TEST(Simulation, NeverOnTargetWithoutAUsablePose) {
  SimulationConfig c;
  c.occlusions = {{6.0, 6.5}, {8.0, 8.02}};
  runSimulatedSession(target(), c, 10.0, [](const GuidanceUpdate& u) {
    if (u.state == GuidanceState::OnTarget) {
      ASSERT_TRUE(u.coil_to_mri.has_value());
      ASSERT_TRUE(u.errors.has_value());
      EXPECT_LT(u.errors->position_mm, 3.0);
    }
    if (!u.coil_to_mri) EXPECT_EQ(u.state, GuidanceState::NotTracking);
  });
}

TEST(Simulation, HeadMotionIsFollowedAndLatencyBeyondTheLimitIsNeverOnTarget) {
  SimulationConfig drifting;
  drifting.head_drift_mm_per_min = 60.0;  // 10 mm over the 10 s run: far beyond the thresholds
  const auto followed = runSimulatedSession(target(), drifting, 10.0, nullptr);
  EXPECT_EQ(followed.last.state, GuidanceState::OnTarget);  // guidance is relative to the head

  SimulationConfig late;
  late.latency_s = 0.15;  // older than the 0.1 s staleness limit when it arrives
  const auto stale = runSimulatedSession(target(), late, 10.0, nullptr);
  EXPECT_EQ(stale.on_target_samples, 0);
  EXPECT_EQ(stale.not_tracking_samples, stale.samples);
}
