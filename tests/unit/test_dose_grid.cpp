// Issue 15: the depth-adjusted dose (Stokes 2005) and grids of sites around a target.
#include <gtest/gtest.h>

#include "core/coords.h"
#include "planning/dose.h"
#include "planning/target_grid.h"

using namespace tmsnav;

namespace {
constexpr double kTolPct = 1e-9;
constexpr double kTolMm = 1e-9;
}  // namespace

TEST(Dose, ThreePercentPerMillimetreDeeperThanM1) {
  // MT 45 %MSO at M1 (15 mm deep); the target 4 mm deeper: 45 + 12 = 57; at 120 %: 68.4.
  auto d = depthAdjustedDose({45.0, 15.0, 19.0, kStokesSlopePctPerMm, 120.0});
  ASSERT_TRUE(d.ok()) << d.error();
  EXPECT_FALSE(d->refused.has_value());
  EXPECT_NEAR(d->depth_difference_mm, 4.0, kTolMm);
  EXPECT_NEAR(d->adjusted_mt_pct_mso, 57.0, kTolPct);
  EXPECT_NEAR(d->dose_pct_mso, 68.4, kTolPct);
  // Stokes 2007's 2.8 %/mm, a shallower target.
  auto shallow = depthAdjustedDose({45.0, 15.0, 13.0, 2.8, 100.0});
  ASSERT_TRUE(shallow.ok());
  EXPECT_NEAR(shallow->dose_pct_mso, 39.4, kTolPct);
}

TEST(Dose, AboveOneHundredPercentIsRefusedNeverClipped) {
  auto d = depthAdjustedDose({80.0, 12.0, 20.0, kStokesSlopePctPerMm, 120.0});  // powered 124.8
  ASSERT_TRUE(d.ok());
  ASSERT_TRUE(d->refused.has_value());
  EXPECT_NE(d->refused->find("124.8 %MSO"), std::string::npos) << *d->refused;
  for (const DoseInput& bad : {DoseInput{0.0, 15, 15}, DoseInput{45, -1, 15}, DoseInput{45, 15, 99},
                               DoseInput{45, 15, 15, NAN}, DoseInput{45, 15, 15, 3, 500}})
    EXPECT_FALSE(depthAdjustedDose(bad).ok());
}

TEST(TargetGrid, SitesLieInTheTargetsTangentPlaneAtTheSpacing) {
  EXPECT_FALSE(parseGridSpec("3x3").ok());
  EXPECT_FALSE(parseGridSpec("20x20:10").ok());
  EXPECT_FALSE(parseGridSpec("3x3:0.1").ok());
  auto spec = parseGridSpec("3x5:10");
  ASSERT_TRUE(spec.ok()) << spec.error();
  PlannedTarget centre;
  centre.name = "M1";
  Eigen::Isometry3d pose = Eigen::Isometry3d::Identity();
  pose.linear() = Eigen::AngleAxisd(0.7, Eigen::Vector3d(1, 2, 3).normalized()).toRotationMatrix();
  pose.translation() = Eigen::Vector3d(10, 20, 30);
  centre.target_to_mri = Transform<frame::Target, frame::Mri>(pose);
  const auto sites = gridAround(centre, *spec);
  ASSERT_EQ(sites.size(), 15u);
  EXPECT_EQ(sites.front().name, "M1 r1c1");
  EXPECT_EQ(sites.back().name, "M1 r3c5");
  EXPECT_EQ(sites.front().kind, ResolvedTarget::Kind::ScalpPosition);
  EXPECT_NEAR((sites[7].p.p - pose.translation()).norm(), 0.0, kTolMm);  // the centre
  EXPECT_NEAR((sites[8].p.p - sites[7].p.p).norm(), 10.0, kTolMm);
  EXPECT_NEAR((pose.inverse() * sites[0].p.p).z(), 0.0, kTolMm);  // in the tangent plane
}
