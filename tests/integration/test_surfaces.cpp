// Surface queries and sulcal depth on synthetic surfaces with known answers.
#include <gtest/gtest.h>

#include <cmath>
#include <iostream>

#include <vtkFloatArray.h>
#include <vtkPointData.h>
#include <vtkPoints.h>
#include <vtkPolyDataNormals.h>
#include <vtkSphereSource.h>

#include "imaging/sulcal_depth.h"
#include "imaging/surface_index.h"

using namespace tmsnav;

namespace {
constexpr double kRadiusMm = 50.0;
constexpr double kOnSphereMm = 0.2;  // flat triangles cut inside the ideal sphere

// A sphere whose equatorial band is folded into `ridges` gyri of the given amplitude.
vtkSmartPointer<vtkPolyData> foldedSphere(int ridges, double amplitude_mm) {
  vtkNew<vtkSphereSource> sphere;
  sphere->SetRadius(kRadiusMm);
  sphere->SetThetaResolution(240);
  sphere->SetPhiResolution(120);
  sphere->Update();
  vtkNew<vtkPolyData> mesh;
  mesh->DeepCopy(sphere->GetOutput());
  vtkPoints* pts = mesh->GetPoints();
  for (vtkIdType i = 0; i < pts->GetNumberOfPoints(); ++i) {
    Eigen::Vector3d p;
    pts->GetPoint(i, p.data());
    const double azimuth = std::atan2(p.y(), p.x());
    const double r = kRadiusMm + amplitude_mm * std::cos(ridges * azimuth);
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
