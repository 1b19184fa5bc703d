// The technician's view without a window: the dot, the words and their signs, the reason
// when not tracking, how long on target has held.
#include <gtest/gtest.h>

#include "core/coords.h"
#include "navigation/technician_display.h"

namespace tmsnav {
namespace {

constexpr double kMm = 1e-9;

// A target whose frame is the MRI's (x = patient's left, y = posterior, z = superior).
const Transform<frame::Target, frame::Mri> kTarget{};

NavigationSnapshot tracking(const Eigen::Isometry3d& coil_in_target, GuidanceState state,
                            double now_s) {
  NavigationSnapshot s;
  s.state = NavState::Streaming;
  s.now_s = now_s;
  s.sample_age_s = 0.012;
  s.guidance.state = state;
  s.guidance.coil_to_mri = Transform<frame::Coil, frame::Mri>(coil_in_target);
  s.guidance.errors =
      computeGuidanceErrors(Transform<frame::Coil, frame::Mri>(coil_in_target), kTarget);
  return s;
}

TEST(TechnicianDisplay, TheDotIsTheCoilCentreInTheCoilsOwnFrame) {
  Eigen::Isometry3d coil = Eigen::Isometry3d::Identity();
  coil.translation() = Eigen::Vector3d(4, -3, 0);
  TechnicianDisplay d;
  const AimView& v = d.update(tracking(coil, GuidanceState::OffTarget, 10.0), kTarget);
  ASSERT_TRUE(v.coil_mm);
  // The handle on the plan: the screen is the target frame (right +x, down +y).
  EXPECT_NEAR(v.coil_mm->x(), 4.0, kMm);
  EXPECT_NEAR(v.coil_mm->y(), -3.0, kMm);
  EXPECT_EQ(v.headline, "OFF TARGET");
  ASSERT_FALSE(v.corrections.empty());
  EXPECT_EQ(v.corrections.front(), "move 4 mm toward the left, 3 mm toward the handle");
  EXPECT_EQ(v.edges[0], "right");
  EXPECT_EQ(v.edges[1], "handle");
  EXPECT_EQ(v.edges[3], "front");
  // The handle turned 90 degrees clockwise (seen from above, +z): the coil's own frame
  // turns with it, so the same offset is now 3 mm toward the right... of the coil.
  coil.linear() = Eigen::AngleAxisd(radFromDeg(90), Eigen::Vector3d::UnitZ()).toRotationMatrix();
  const AimView& turned = d.update(tracking(coil, GuidanceState::OffTarget, 10.1), kTarget);
  // Coil +y (the handle, screen down) is target -x; coil right (+x) is target +y.
  EXPECT_NEAR(turned.coil_mm->x(), -3.0, kMm);
  EXPECT_NEAR(turned.coil_mm->y(), -4.0, kMm);
  EXPECT_EQ(turned.corrections.front(), "move 4 mm toward the handle, 3 mm toward the right");
  EXPECT_EQ(turned.corrections.back(),
            "turn the handle 90 deg counter-clockwise");
  EXPECT_NEAR(*turned.turn_deg, -90.0, 1e-9);
}

TEST(TechnicianDisplay, TheBubbleIsOnTheRaisedEdgeAndTheWordsLowerIt) {
  Eigen::Isometry3d coil = Eigen::Isometry3d::Identity();
  // The coil's axis (into the head) tips toward +x: its +x (right) edge lifts off the
  // planned plane (goes to -z, out of the head).
  coil.linear() = Eigen::AngleAxisd(radFromDeg(6), Eigen::Vector3d::UnitY()).toRotationMatrix();
  ASSERT_LT((coil.linear() * Eigen::Vector3d::UnitX()).z(), 0.0);  // the right edge is raised
  TechnicianDisplay d;
  const AimView& v = d.update(tracking(coil, GuidanceState::OffTarget, 1.0), kTarget);
  ASSERT_TRUE(v.bubble && v.lean && v.tilt_deg);
  EXPECT_NEAR(*v.tilt_deg, 6.0, 1e-9);
  EXPECT_NEAR(v.bubble->x(), 0.6, 1e-9);  // right: the raised side, 6 of 10 degrees
  EXPECT_NEAR(v.bubble->y(), 0.0, 1e-9);
  EXPECT_NEAR(v.lean->x(), 1.0, 1e-9);
  EXPECT_EQ(v.corrections, std::vector<std::string>{"lower the right edge 6 deg"});
}

TEST(TechnicianDisplay, TurnsSayWhichWayAndNeverMinusZero) {
  Eigen::Isometry3d coil = Eigen::Isometry3d::Identity();
  coil.linear() = Eigen::AngleAxisd(radFromDeg(-8), Eigen::Vector3d::UnitZ()).toRotationMatrix();
  TechnicianDisplay d;
  const AimView& v = d.update(tracking(coil, GuidanceState::OffTarget, 1.0), kTarget);
  EXPECT_EQ(v.corrections,
            std::vector<std::string>{"turn the handle 8 deg clockwise"});
  coil.linear() = Eigen::AngleAxisd(radFromDeg(-0.3), Eigen::Vector3d::UnitZ()).toRotationMatrix();
  EXPECT_TRUE(d.update(tracking(coil, GuidanceState::OffTarget, 1.1), kTarget).corrections.empty());
}

TEST(TechnicianDisplay, DepthSaysLiftOrPress) {
  Eigen::Isometry3d coil = Eigen::Isometry3d::Identity();
  coil.translation() = Eigen::Vector3d(0, 0, 5);  // +z: into the head
  TechnicianDisplay d;
  const AimView& v = d.update(tracking(coil, GuidanceState::OffTarget, 1.0), kTarget);
  ASSERT_TRUE(v.depth_mm);
  EXPECT_NEAR(*v.depth_mm, 5.0, kMm);
  EXPECT_EQ(v.corrections.back(), "lift 5 mm: too deep");
}

TEST(TechnicianDisplay, OnTargetCountsHowLongItHeldAndTheTrailIsOneSecond) {
  TechnicianDisplay d;
  const Eigen::Isometry3d coil = Eigen::Isometry3d::Identity();
  for (int i = 0; i <= 50; ++i)
    d.update(tracking(coil, GuidanceState::OnTarget, 10.0 + 0.05 * i), kTarget);
  const AimView& v = d.view();
  EXPECT_NEAR(v.on_target_for_s, 2.5, 1e-9);
  EXPECT_LE(v.trail_mm.size(), 21u);  // 1 s at 20 updates a second
  EXPECT_TRUE(v.corrections.empty());
  auto lost = tracking(coil, GuidanceState::OffTarget, 13.0);
  EXPECT_EQ(d.update(lost, kTarget).on_target_for_s, 0.0);
}

TEST(TechnicianDisplay, NotTrackingSaysWhyAndShowsNoDot) {
  NavigationSnapshot s;
  s.state = NavState::Streaming;
  s.guidance.state = GuidanceState::NotTracking;
  s.tools = {{kHeadRefTool, ToolLight::Kind::Usable, PoseStatus::Ok, 0.01},
             {kCoilMarkerTool, ToolLight::Kind::Bad, PoseStatus::Missing, 0.01}};
  TechnicianDisplay d;
  const AimView& v = d.update(s, kTarget);
  EXPECT_EQ(v.headline, "NOT TRACKING");
  EXPECT_EQ(v.reason, "coil marker not visible");
  EXPECT_FALSE(v.coil_mm);
  EXPECT_TRUE(v.trail_mm.empty());
  s.tools = {{kHeadRefTool, ToolLight::Kind::Stale, PoseStatus::Ok, 0.4}};
  EXPECT_EQ(d.update(s, kTarget).reason, "head reference stale 0.4 s");
  s.registration = RegistrationState::NeedsCheckpoint;
  s.guidance.reason = "re-register or touch the checkpoint: asked for by the user";
  EXPECT_EQ(d.update(s, kTarget).reason, s.guidance.reason);
  s = NavigationSnapshot{};
  EXPECT_EQ(d.update(s, kTarget).reason, "tracking is off");
}

// The footer's age never says a pose is still to come when tracking was stopped on purpose
// (it said "no pose yet" after Stop), and before Start says tracking is off.
TEST(TechnicianDisplay, TheFooterSaysTrackingOffAfterStopNotNoPoseYet) {
  TechnicianDisplay d;
  NavigationSnapshot s;  // Idle: before Start
  EXPECT_EQ(d.update(s, kTarget).pose_age_words, "tracking off");
  s.state = NavState::Connecting;
  EXPECT_EQ(d.update(s, kTarget).pose_age_words, "no pose yet");
  s = tracking(Eigen::Isometry3d::Identity(), GuidanceState::OnTarget, 5.0);
  EXPECT_EQ(d.update(s, kTarget).pose_age_words, "pose 12 ms old");
  s.state = NavState::Stopped;
  s.sample_age_s = -1.0;
  EXPECT_EQ(d.update(s, kTarget).pose_age_words, "tracking off");
  s.sample_age_s = 3.2;  // a stopped session that still remembers its last pose
  EXPECT_EQ(d.update(s, kTarget).pose_age_words, "tracking off");
}

}  // namespace
}  // namespace tmsnav
