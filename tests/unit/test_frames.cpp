#include <gtest/gtest.h>

#include "core/coords.h"
#include "core/frames.h"
#include "tracking/rigid.h"

using namespace tmsnav;

namespace {
constexpr double kExactMm = 1e-9;  // pure arithmetic, no measurement

Eigen::Isometry3d pose(double angle_rad, const Eigen::Vector3d& axis, const Eigen::Vector3d& t) {
  Eigen::Isometry3d m = Eigen::Isometry3d::Identity();
  m.linear() = Eigen::AngleAxisd(angle_rad, axis.normalized()).toRotationMatrix();
  m.translation() = t;
  return m;
}
}  // namespace

TEST(Frames, ChainReadsRightToLeft) {
  const Transform<frame::Coil, frame::CoilMarker> coil_to_marker(
      pose(0.3, {0, 0, 1}, {0, -120, 40}));
  const Transform<frame::CoilMarker, frame::Tracker> marker_to_tracker(
      pose(1.1, {1, 2, 3}, {5, 6, -1500}));
  const Transform<frame::Coil, frame::Tracker> coil_to_tracker = marker_to_tracker * coil_to_marker;
  const Point<frame::Coil> p_coil{{10, 20, 30}};
  const Point<frame::Tracker> p_tracker = coil_to_tracker * p_coil;
  const Eigen::Vector3d expected = marker_to_tracker.iso() * (coil_to_marker.iso() * p_coil.p);
  EXPECT_LT((p_tracker.p - expected).norm(), kExactMm);
  const Point<frame::Coil> back = coil_to_tracker.inverse() * p_tracker;
  EXPECT_LT((back.p - p_coil.p).norm(), kExactMm);
}

TEST(Coords, RasLpsFlipsXAndY) {
  const Eigen::Vector3d ras(-38, 44, 26);
  EXPECT_EQ(lpsFromRas(ras), Eigen::Vector3d(38, -44, 26));
  EXPECT_EQ(rasFromLps(lpsFromRas(ras)), ras);
  const Eigen::Matrix4d m = pose(0.4, {1, 1, 0}, {1, 2, 3}).matrix();
  EXPECT_LT((lpsMatrixFromRas(rasMatrixFromLps(m)) - m).norm(), kExactMm);
  // A coil pose in LPS maps its origin to the LPS point; in RAS to the RAS point.
  const Eigen::Vector4d origin(0, 0, 0, 1);
  EXPECT_LT(((rasMatrixFromLps(m) * origin).head<3>() - rasFromLps(m.col(3).head<3>())).norm(),
            kExactMm);
}

TEST(Coords, DegreesAndRadians) {
  EXPECT_NEAR(degFromRad(kPi), 180.0, 1e-12);
  EXPECT_NEAR(radFromDeg(90.0), kPi / 2, 1e-12);
}

TEST(Rigid, AcceptsRoundedRotationsAndReorthonormalises) {
  Eigen::Matrix4d m = pose(0.7, {0.2, 1, 0.3}, {1, 2, 3}).matrix();
  m(0, 0) += 5e-4;  // as in PLUS recordings (6 significant digits)
  auto r = toRigid(m);
  ASSERT_TRUE(r.ok()) << r.error();
  const Eigen::Matrix3d rot = r->linear();
  EXPECT_LT((rot.transpose() * rot - Eigen::Matrix3d::Identity()).norm(), 1e-12);
  EXPECT_NEAR(rot.determinant(), 1.0, 1e-12);
}

TEST(Rigid, RefusesNonRigidNanAndReflections) {
  Eigen::Matrix4d scaled = Eigen::Matrix4d::Identity();
  scaled(0, 0) = 1.01;
  EXPECT_FALSE(toRigid(scaled).ok());
  Eigen::Matrix4d nan = Eigen::Matrix4d::Identity();
  nan(1, 3) = std::nan("");
  EXPECT_FALSE(toRigid(nan).ok());
  Eigen::Matrix4d mirror = Eigen::Matrix4d::Identity();
  mirror(2, 2) = -1;
  EXPECT_FALSE(toRigid(mirror).ok());
  Eigen::Matrix4d projective = Eigen::Matrix4d::Identity();
  projective(3, 0) = 0.1;
  EXPECT_FALSE(toRigid(projective).ok());
}
