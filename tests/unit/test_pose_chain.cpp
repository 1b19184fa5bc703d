#include <gtest/gtest.h>

#include "tracking/pose_chain.h"
#include "tracking/simulated_tracker.h"

using namespace tmsnav;

namespace {
constexpr double kTolMm = 1e-6;

TrackerFrame frameAt(double t, PoseStatus coil_status = PoseStatus::Ok) {
  TrackerFrame f;
  f.timestamp_s = t;
  Eigen::Isometry3d ref = Eigen::Isometry3d::Identity();
  ref.translation() = Eigen::Vector3d(0, 0, -1000);
  Eigen::Isometry3d coil = Eigen::Isometry3d::Identity();
  coil.translation() = Eigen::Vector3d(10, 0, -1000);
  f.tools.push_back({kHeadRefTool, ref, t, PoseStatus::Ok});
  f.tools.push_back({kCoilMarkerTool, coil, t, coil_status});
  return f;
}
}  // namespace

TEST(PoseChain, ComposesMarkerCalibrationAndRegistration) {
  TrackingSetup setup;  // identity registration and calibration
  auto c = coilInMri(frameAt(1.0), setup, 1.01);
  ASSERT_TRUE(c.ok()) << c.error();
  EXPECT_LT((c->translation() - Eigen::Vector3d(10, 0, 0)).norm(), kTolMm);
}

TEST(PoseChain, RefusesMissingInvalidStaleFutureAndSkewedSamples) {
  TrackingSetup setup;
  EXPECT_FALSE(coilInMri(frameAt(1.0, PoseStatus::Missing), setup, 1.0).ok());
  EXPECT_FALSE(coilInMri(frameAt(1.0, PoseStatus::Invalid), setup, 1.0).ok());
  EXPECT_FALSE(coilInMri(frameAt(1.0), setup, 1.0 + setup.max_age_s + 0.001).ok());  // stale
  EXPECT_FALSE(coilInMri(frameAt(2.0), setup, 1.0).ok());                            // future
  TrackerFrame skewed = frameAt(1.0);
  skewed.tools[0].timestamp_s = 1.0 - 0.05;
  EXPECT_FALSE(coilInMri(skewed, setup, 1.0).ok());
  TrackerFrame no_ref = frameAt(1.0);
  no_ref.tools.erase(no_ref.tools.begin());
  EXPECT_FALSE(coilInMri(no_ref, setup, 1.0).ok());
  TrackerFrame sheared = frameAt(1.0);
  sheared.tools[1].tool_to_tracker.matrix()(0, 1) = 0.2;
  EXPECT_FALSE(coilInMri(sheared, setup, 1.0).ok());
}
