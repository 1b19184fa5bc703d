// Surface queries, sulcal depth and scalp-to-cortex distance on synthetic surfaces with
// known answers.
#include <gtest/gtest.h>

#include <cmath>
#include <iostream>

#include <vtkFloatArray.h>
#include <vtkPointData.h>
#include <vtkPoints.h>
#include <vtkPolyDataNormals.h>
#include <vtkSphereSource.h>

#include "imaging/scalp_to_cortex.h"
#include "imaging/sulcal_depth.h"
#include "imaging/surface_index.h"

using namespace tmsnav;

namespace {
constexpr double kRadiusMm = 50.0;
constexpr double kOnSphereMm = 0.2;  // flat triangles cut inside the ideal sphere

// A sphere whose equatorial band is folded into `ridges` gyri of the given amplitude.
vtkSmartPointer<vtkPolyData> foldedSphere(int ridges, double amplitude_mm,
                                          double radius_mm = kRadiusMm, int resolution = 240) {
  vtkNew<vtkSphereSource> sphere;
  sphere->SetRadius(radius_mm);
  sphere->SetThetaResolution(resolution);
  sphere->SetPhiResolution(resolution / 2);
  sphere->Update();
  vtkNew<vtkPolyData> mesh;
  mesh->DeepCopy(sphere->GetOutput());
  vtkPoints* pts = mesh->GetPoints();
  for (vtkIdType i = 0; i < pts->GetNumberOfPoints(); ++i) {
    Eigen::Vector3d p;
    pts->GetPoint(i, p.data());
    const double azimuth = std::atan2(p.y(), p.x());
    const double r = radius_mm + amplitude_mm * std::cos(ridges * azimuth);
    p = p.normalized() * r;
    pts->SetPoint(i, p.data());
  }
  vtkNew<vtkPolyDataNormals> normals;
  normals->SetInputData(mesh);
  normals->SplittingOff();
  normals->Update();
  return normals->GetOutput();
}
}  // namespace

TEST(SurfaceIndex, AnswersLikeTheOneOffQueriesOnASphere) {
  const auto sphere = foldedSphere(1, 0.0);
  const SurfaceIndex index(sphere);
  const Eigen::Vector3d p(80, 10, -5);
  auto nearest = index.nearest(p);
  ASSERT_TRUE(nearest);
  EXPECT_NEAR(nearest->norm(), kRadiusMm, kOnSphereMm);
  EXPECT_LT((nearest->normalized() - p.normalized()).norm(), 0.01);
  EXPECT_GT(index.normal(*nearest, 5.0).dot(p.normalized()), 0.99);  // outward
  auto hit = index.firstHit(p, -p, 100.0);  // from outside toward the centre
  ASSERT_TRUE(hit);
  EXPECT_NEAR(hit->norm(), kRadiusMm, kOnSphereMm);
  EXPECT_FALSE(index.firstHit(p, p, 100.0));  // away from the sphere
  EXPECT_FALSE(index.firstHit(p, -p, 10.0));  // too short to reach it
  EXPECT_TRUE(index.firstHit(Eigen::Vector3d::Zero(), Eigen::Vector3d::UnitZ(), 60.0));
  const SurfaceIndex empty(nullptr);
  EXPECT_FALSE(empty.nearest(p));
  EXPECT_FALSE(empty.firstHit(p, -p, 100.0));
  EXPECT_FALSE(index.firstHit(p, Eigen::Vector3d::Zero(), 100.0));  // no direction
  const Eigen::Vector3d nan = Eigen::Vector3d::Constant(std::nan(""));
  EXPECT_FALSE(index.nearest(nan));
  EXPECT_FALSE(index.normal(nan, 5.0).allFinite());
  EXPECT_FALSE(index.firstHit(nan, -p, 100.0));
}

TEST(SulcalDepth, IsPositiveOnRidgesAndNegativeInGrooves) {
  constexpr int kRidges = 20;              // about 16 mm apart at the equator, like gyri
  constexpr double kAmplitudeMm = 3.0;     // crowns 3 mm out, fundi 3 mm in
  constexpr double kMinCorrelation = 0.9;  // depth follows the folding
  const auto mesh = foldedSphere(kRidges, kAmplitudeMm);
  addSulcalDepth(mesh);
  auto* depth = vtkFloatArray::SafeDownCast(mesh->GetPointData()->GetArray(kSulcalDepthArray));
  ASSERT_NE(depth, nullptr);
  ASSERT_EQ(depth->GetNumberOfTuples(), mesh->GetNumberOfPoints());
  double sxy = 0, sxx = 0, syy = 0, sx = 0, sy = 0;
  long n = 0;
  double crown = 0, fundus = 0;
  for (vtkIdType i = 0; i < mesh->GetNumberOfPoints(); ++i) {
    Eigen::Vector3d p;
    mesh->GetPoint(i, p.data());
    if (std::abs(p.z()) > 0.4 * kRadiusMm) continue;  // the band, away from the poles
    const double fold = std::cos(kRidges * std::atan2(p.y(), p.x()));
    const double d = depth->GetValue(i);
    sxy += fold * d, sxx += fold * fold, syy += d * d, sx += fold, sy += d, ++n;
    if (fold > 0.95) crown = std::max(crown, d);
    if (fold < -0.95) fundus = std::min(fundus, d);
  }
  const double cov = sxy / n - sx / n * sy / n;
  const double r = cov / std::sqrt((sxx / n - sx / n * sx / n) * (syy / n - sy / n * sy / n));
  std::cout << "correlation " << r << ", crown " << crown << " mm, fundus " << fundus << " mm\n";
  EXPECT_GT(r, kMinCorrelation);
  EXPECT_GT(crown, 1.0);
  EXPECT_LT(fundus, -1.0);
}

TEST(ScalpToCortex, IsTheGapBetweenConcentricSpheres) {
  constexpr double kScalpRadiusMm = 65.0;  // cortex: kRadiusMm, so 15 mm apart
  const auto scalp = foldedSphere(1, 0.0, kScalpRadiusMm);
  const auto cortex = foldedSphere(1, 0.0);
  ASSERT_TRUE(addScalpToCortexDistance(scalp, cortex));
  auto* d = vtkFloatArray::SafeDownCast(scalp->GetPointData()->GetArray(kScalpToCortexArray));
  ASSERT_NE(d, nullptr);
  ASSERT_EQ(d->GetNumberOfTuples(), scalp->GetNumberOfPoints());
  double lo = 1e9, hi = -1e9;
  for (vtkIdType i = 0; i < d->GetNumberOfTuples(); ++i)
    lo = std::min(lo, double(d->GetValue(i))), hi = std::max(hi, double(d->GetValue(i)));
  std::cout << "scalp to cortex " << lo << " - " << hi << " mm\n";
  EXPECT_NEAR(lo, kScalpRadiusMm - kRadiusMm, kOnSphereMm);
  EXPECT_NEAR(hi, kScalpRadiusMm - kRadiusMm, kOnSphereMm);

  // Read back wherever the coil is: the nearest scalp vertex's value, none far away.
  const SurfaceIndex index(scalp);
  auto at = index.valueAt(kScalpToCortexArray, Eigen::Vector3d(0, 0, kScalpRadiusMm + 5), 20.0);
  ASSERT_TRUE(at);
  EXPECT_NEAR(*at, kScalpRadiusMm - kRadiusMm, kOnSphereMm);
  EXPECT_FALSE(index.valueAt(kScalpToCortexArray, Eigen::Vector3d(0, 0, 200), 20.0));
  EXPECT_FALSE(index.valueAt("no_such_array", Eigen::Vector3d(0, 0, kScalpRadiusMm), 20.0));
  EXPECT_FALSE(index.valueAt(kScalpToCortexArray, Eigen::Vector3d::Constant(std::nan("")), 20));
  EXPECT_FALSE(addScalpToCortexDistance(scalp, nullptr));
}

// Over a folded cortex the nearest point is often inside a triangle, on a gyral crown
// away from the nearest vertex: the fast search must agree with the exhaustive one. The
// cortex is coarse (vertices about 2.6 mm apart), where the nearest vertex alone would be
// about 0.1 mm off.
TEST(ScalpToCortex, MatchesTheExactClosestPointOverFoldedCortex) {
  constexpr double kAgreementMm = 0.02;
  const auto cortex = foldedSphere(20, 3.0, kRadiusMm, 120);
  const auto scalp = foldedSphere(3, 4.0, 68.0);  // an uneven 11-22 mm gap
  const SurfaceIndex exact(cortex);
  ASSERT_TRUE(addScalpToCortexDistance(scalp, cortex));
  auto* d = vtkFloatArray::SafeDownCast(scalp->GetPointData()->GetArray(kScalpToCortexArray));
  ASSERT_NE(d, nullptr);
  double worst = 0;
  for (vtkIdType i = 0; i < scalp->GetNumberOfPoints(); i += 7) {
    Eigen::Vector3d p;
    scalp->GetPoint(i, p.data());
    auto q = exact.nearest(p);
    ASSERT_TRUE(q);
    worst = std::max(worst, std::abs(d->GetValue(i) - (*q - p).norm()));
  }
  std::cout << "worst difference to the exhaustive search " << worst << " mm\n";
  EXPECT_LT(worst, kAgreementMm);
}
