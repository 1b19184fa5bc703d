// The anatomy doses are computed on (issue 16): a closed, manifold cortex that follows the
// exact 1 mm contour along the coil axis, and the intracranial mask with its inner skull
// surface, on Colin27 and a real thick-slice DICOM series.
#include <gtest/gtest.h>

#include <cmath>
#include <iostream>

#include <vtkPointData.h>

#include "imaging/scalp_mesher.h"
#include "imaging/surface_index.h"
#include "tests/integration/segmentation_helpers.h"
#include "tests/support/test_support.h"

using namespace tmsnav;

namespace {
constexpr long kMaxCortexTriangles = 100000;  // renders fast in software GL
constexpr double kDepthToleranceMm = 1.0;     // issue 16
constexpr double kMinRaysWithinTolerance = 0.98;
constexpr double kVaultZMm = 30.0;  // LPS z on Colin27 (MNI space): above the ears
constexpr int kRayStride = 8;       // every 8th scalp vertex: about 2,000 rays
constexpr double kMaxRayMm = 60.0;
// Inner skull to scalp over the vault: skull plus scalp, adult range (about 10-25 mm).
constexpr double kMinSkullAndScalpMm = 8.0, kMaxSkullAndScalpMm = 30.0;

void expectClosedSurfaces(const HeadModel& m, const std::string& name) {
  for (vtkPolyData* mesh : {m.cortex_lps.Get(), m.inner_skull_lps.Get()}) {
    EXPECT_EQ(test::openEdgeCount(mesh), 0) << name;
    EXPECT_EQ(test::pieceCount(mesh), 1) << name;
  }
  EXPECT_LE(m.cortex_lps->GetNumberOfCells(), kMaxCortexTriangles) << name;
  std::cout << name << ": cortex " << m.cortex_lps->GetNumberOfCells() << " triangles, "
            << m.intracranial.volume_ml << " ml intracranial, inner skull to scalp "
            << m.intracranial.inner_skull_to_scalp_mm[1] << " mm (median), "
            << m.seconds.at("cortex_mesh") << " s cortex, " << m.seconds.at("intracranial")
            << " s intracranial\n";
}

void expectPlausibleIntracranial(const HeadModel& m, const std::string& name) {
  EXPECT_GT(m.intracranial.volume_ml, m.brain.volume_ml) << name;
  EXPECT_LT(m.intracranial.volume_ml, m.head.volume_ml) << name;
  EXPECT_GT(m.intracranial.inner_skull_to_scalp_mm[1], kMinSkullAndScalpMm) << name;
  EXPECT_LT(m.intracranial.inner_skull_to_scalp_mm[1], kMaxSkullAndScalpMm) << name;
}
}  // namespace

// Rays along the coil axis (inward scalp normals over the vault): the depth to the first
// cortex hit against the same on the exact, unsmoothed 1 mm contour of the same mask.
TEST(Anatomy, Colin27CortexIsClosedAndFollowsTheExactContour) {
  const HeadModel m = test::modelOf(test::loadOrDie(test::ch2()));
  expectClosedSurfaces(m, "Colin27");
  expectPlausibleIntracranial(m, "Colin27");
  MeshOptions exact_options;
  exact_options.smoothing_iterations = 0;
  exact_options.contour_grid_mm = 0.0;
  auto exact = meshFromMask(cortexMask(m.tissue), exact_options, {});
  const SurfaceIndex exact_index(exact), cortex_index(m.cortex_lps);
  auto* normals = m.scalp_lps->GetPointData()->GetNormals();
  ASSERT_NE(normals, nullptr);
  long rays = 0, within = 0;
  for (vtkIdType i = 0; i < m.scalp_lps->GetNumberOfPoints(); i += kRayStride) {
    Eigen::Vector3d p, n;
    m.scalp_lps->GetPoint(i, p.data());
    if (p.z() < kVaultZMm) continue;
    normals->GetTuple(i, n.data());
    const Eigen::Vector3d inward = -n.normalized();
    const auto truth = exact_index.firstHit(p, inward, kMaxRayMm);
    if (!truth) continue;
    const auto hit = cortex_index.firstHit(p, inward, kMaxRayMm);
    ++rays;
    within += hit && std::abs((*hit - p).norm() - (*truth - p).norm()) <= kDepthToleranceMm;
  }
  std::cout << "exact contour " << exact->GetNumberOfCells() << " triangles; " << within << " of "
            << rays << " rays within " << kDepthToleranceMm << " mm\n";
  EXPECT_GT(rays, 1000);
  EXPECT_GE(double(within) / double(rays), kMinRaysWithinTolerance);
}

TEST(Anatomy, SiemensSeriesCortexAndInnerSkullAreClosed) {
  auto v = loadHeadVolume(test::testData("dicom/siemens_t1_sag_hfs"));
  ASSERT_TRUE(v) << v.error();
  const HeadModel m = test::modelOf(*v);
  expectClosedSurfaces(m, "Siemens series");
  expectPlausibleIntracranial(m, "Siemens series");
}
