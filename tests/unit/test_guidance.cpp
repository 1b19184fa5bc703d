#include <gtest/gtest.h>

#include "core/coords.h"
#include "tracking/guidance.h"

using namespace tmsnav;

namespace {
constexpr double kTolMm = 1e-9;
constexpr double kTolRad = 1e-9;

Transform<frame::Target, frame::Mri> someTarget() {
  Eigen::Isometry3d t = Eigen::Isometry3d::Identity();
  t.linear() = Eigen::AngleAxisd(0.8, Eigen::Vector3d(1, -2, 0.5).normalized()).toRotationMatrix();
  t.translation() = Eigen::Vector3d(51, -56, 34);
  return Transform<frame::Target, frame::Mri>(t);
}

// The coil at a known offset from the target, expressed in the target frame.
Transform<frame::Coil, frame::Mri> coilAt(const Transform<frame::Target, frame::Mri>& target,
                                          const Eigen::Vector3d& offset, double tilt,
                                          double handle) {
  Eigen::Isometry3d coil_to_target = Eigen::Isometry3d::Identity();
  coil_to_target.linear() = (Eigen::AngleAxisd(handle, Eigen::Vector3d::UnitZ()) *
                             Eigen::AngleAxisd(tilt, Eigen::Vector3d::UnitX()))
                                .toRotationMatrix();
  coil_to_target.translation() = offset;
  return Transform<frame::Coil, frame::Mri>(target.iso() * coil_to_target);
}

GuidanceErrors errorsOf(double mm, double tilt_deg = 0, double handle_deg = 0) {
  GuidanceErrors e;
  e.position_mm = mm;
  e.tilt_rad = radFromDeg(tilt_deg);
  e.handle_rad = radFromDeg(handle_deg);
  return e;
}
}  // namespace

TEST(GuidanceErrors, KnownOffsetsComeBackInTheTargetFrame) {
  const auto target = someTarget();
  const auto e =
      computeGuidanceErrors(coilAt(target, {3, -4, 0}, radFromDeg(10), radFromDeg(20)), target);
  EXPECT_NEAR(e.position_mm, 5.0, kTolMm);
  EXPECT_NEAR(e.offset_target_mm.x(), 3.0, kTolMm);
  EXPECT_NEAR(e.offset_target_mm.y(), -4.0, kTolMm);
  EXPECT_NEAR(e.tilt_rad, radFromDeg(10), kTolRad);
  EXPECT_NEAR(e.handle_rad, radFromDeg(20), 1e-3);  // tilt bends the projected handle slightly
  const auto e2 = computeGuidanceErrors(coilAt(target, {0, 0, 0}, 0, radFromDeg(-30)), target);
  EXPECT_NEAR(e2.handle_rad, radFromDeg(-30), kTolRad);
  EXPECT_NEAR(e2.position_mm, 0.0, kTolMm);
}

TEST(GuidanceErrors, CorrectionIsInAnatomicalWords) {
  // Target frame = LPS axes: coil 4 mm toward LPS +y (posterior) must move anterior.
  const Transform<frame::Target, frame::Mri> target;
  const auto e = computeGuidanceErrors(coilAt(target, {0, 4, 0}, 0, 0), target);
  EXPECT_EQ(describeCorrection(e, target), "move 4 mm anterior");
  const auto hold = computeGuidanceErrors(coilAt(target, {0.1, 0, 0}, 0, 0), target);
  EXPECT_EQ(describeCorrection(hold, target), "hold position");
}

TEST(GuidanceState, EntersOnlyAfterDwellAndLeavesWithHysteresis) {
  GuidanceStateMachine m;  // enter < 2 mm, leave > 3 mm, dwell 0.5 s
  EXPECT_EQ(m.update(errorsOf(10), 0.0), GuidanceState::OffTarget);
  EXPECT_EQ(m.update(errorsOf(1.5), 0.1), GuidanceState::OffTarget);  // dwell starts
  EXPECT_EQ(m.update(errorsOf(1.5), 0.5), GuidanceState::OffTarget);
  EXPECT_EQ(m.update(errorsOf(1.5), 0.6), GuidanceState::OnTarget);
  EXPECT_EQ(m.update(errorsOf(2.8), 0.7), GuidanceState::OnTarget);  // inside the hysteresis band
  EXPECT_EQ(m.update(errorsOf(3.2), 0.8), GuidanceState::OffTarget);
  EXPECT_EQ(m.update(errorsOf(2.5), 0.9), GuidanceState::OffTarget);  // band does not re-enter
}

TEST(GuidanceState, AngularThresholdsCountToo) {
  GuidanceStateMachine m;
  m.update(errorsOf(0.5), 0.0);
  ASSERT_EQ(m.update(errorsOf(0.5), 1.0), GuidanceState::OnTarget);
  EXPECT_EQ(m.update(errorsOf(0.5, 3.9), 1.1), GuidanceState::OnTarget);
  EXPECT_EQ(m.update(errorsOf(0.5, 4.1), 1.2), GuidanceState::OffTarget);
  m.update(errorsOf(0.5), 2.0);
  ASSERT_EQ(m.update(errorsOf(0.5), 3.0), GuidanceState::OnTarget);
  EXPECT_EQ(m.update(errorsOf(0.5, 0, -7.5), 3.1), GuidanceState::OffTarget);
}

TEST(GuidanceState, LostTrackingDropsToNotTrackingAndRestartsDwell) {
  GuidanceStateMachine m;
  m.update(errorsOf(0.5), 0.0);
  ASSERT_EQ(m.update(errorsOf(0.5), 1.0), GuidanceState::OnTarget);
  EXPECT_EQ(m.update(std::nullopt, 1.1), GuidanceState::NotTracking);
  EXPECT_EQ(m.update(errorsOf(0.5), 1.2), GuidanceState::OffTarget);
  EXPECT_EQ(m.update(errorsOf(0.5), 1.8), GuidanceState::OnTarget);
  EXPECT_EQ(m.update(errorsOf(std::nan("")), 1.9), GuidanceState::NotTracking);
}
