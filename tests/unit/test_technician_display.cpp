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

TEST(TechnicianDisplay, TheDotIsTheCoilCentreOnTheTargetPlane) {
  Eigen::Isometry3d coil = Eigen::Isometry3d::Identity();
  coil.translation() = Eigen::Vector3d(4, -3, 0);
  TechnicianDisplay d;
  auto s = tracking(coil, GuidanceState::OffTarget, 10.0);
  s.correction = "move 4 mm right, 3 mm posterior";
  const AimView& v = d.update(s, kTarget);
  ASSERT_TRUE(v.coil_mm);
  EXPECT_NEAR(v.coil_mm->x(), 4.0, kMm);
  EXPECT_NEAR(v.coil_mm->y(), -3.0, kMm);
  EXPECT_EQ(v.headline, "OFF TARGET");
  ASSERT_FALSE(v.corrections.empty());
  EXPECT_EQ(v.corrections.front(), "move 4 mm right, 3 mm posterior");
  EXPECT_EQ(v.edges[0], "the left ear");  // screen right is target +x
  EXPECT_EQ(v.edges[3], "the face");      // screen up is target -y: anterior
}

TEST(TechnicianDisplay, TiltAndHandleAreSaidWithTheirDirections) {
  Eigen::Isometry3d coil = Eigen::Isometry3d::Identity();
  // The coil's axis (into the head) leans toward +x, the patient's left: its left edge
  // is raised.
  coil.linear() = Eigen::AngleAxisd(radFromDeg(6), Eigen::Vector3d::UnitY()).toRotationMatrix() *
                  Eigen::AngleAxisd(radFromDeg(10), Eigen::Vector3d::UnitZ()).toRotationMatrix();
  TechnicianDisplay d;
  const AimView& v = d.update(tracking(coil, GuidanceState::OffTarget, 1.0), kTarget);
  ASSERT_TRUE(v.tilt_deg);
  EXPECT_GT(v.tilt_deg->x(), 5.0);
  bool tilt = false, turn = false;
  for (const auto& c : v.corrections) {
    tilt |= c == "tilt 6 deg: lower the edge toward the left ear";
    turn |= c == "turn the handle 10 deg counter-clockwise";
  }
  EXPECT_TRUE(tilt && turn) << ::testing::PrintToString(v.corrections);
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

}  // namespace
}  // namespace tmsnav
