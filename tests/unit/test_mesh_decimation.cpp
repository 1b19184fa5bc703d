// The edge-collapse decimation keeps a closed manifold closed, manifold and in one piece,
// meets its triangle budget and stays on the surface (issue 16).
#include <gtest/gtest.h>

#include <cmath>

#include <vtkNew.h>
#include <vtkSphereSource.h>
#include <vtkTriangleFilter.h>

#include "imaging/mesh_decimation.h"
#include "tests/support/mesh_checks.h"

using namespace tmsnav;

namespace {
constexpr double kRadiusMm = 50.0;
constexpr double kOnSphereMm = 1.0;  // a 5,000-triangle sphere's chords sag less than this

vtkSmartPointer<vtkPolyData> fineSphere() {
  vtkNew<vtkSphereSource> sphere;
  sphere->SetRadius(kRadiusMm);
  sphere->SetThetaResolution(200);
  sphere->SetPhiResolution(200);
  vtkNew<vtkTriangleFilter> triangles;
  triangles->SetInputConnection(sphere->GetOutputPort());
  triangles->Update();
  return triangles->GetOutput();
}

}  // namespace

TEST(MeshDecimation, AClosedSphereStaysClosedOnePieceAndOnTheSurface) {
  auto sphere = fineSphere();
  ASSERT_EQ(test::openEdgeCount(sphere), 0);
  DecimationOptions options;
  options.target_triangles = 5000;
  auto out = decimated(sphere, options);
  EXPECT_LE(out->GetNumberOfCells(), options.target_triangles);
  EXPECT_GT(out->GetNumberOfCells(), options.target_triangles / 2);
  EXPECT_EQ(test::openEdgeCount(out), 0);
  EXPECT_EQ(test::pieceCount(out), 1);
  for (vtkIdType i = 0; i < out->GetNumberOfPoints(); ++i) {
    double p[3];
    out->GetPoint(i, p);
    EXPECT_NEAR(std::sqrt(p[0] * p[0] + p[1] * p[1] + p[2] * p[2]), kRadiusMm, kOnSphereMm) << i;
  }
}

TEST(MeshDecimation, NoBudgetToMeetLeavesTheMeshAsItIs) {
  auto sphere = fineSphere();
  DecimationOptions options;
  options.target_triangles = sphere->GetNumberOfCells();
  EXPECT_EQ(decimated(sphere, options)->GetNumberOfCells(), sphere->GetNumberOfCells());
}
