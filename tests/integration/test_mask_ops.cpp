// Mask morphology with known answers: a closing computed on the mask's bounding box must
// equal the same closing on the whole image, also where the mask touches the border; the
// separable distance transform must equal the brute-force minimum over every mask voxel.
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <random>

#include "imaging/distance_transform.h"
#include "imaging/mask_ops.h"

using namespace tmsnav;

namespace {
MaskImage::Pointer emptyMask(int nx, int ny, int nz, double spacing_mm) {
  auto m = MaskImage::New();
  itk::ImageRegion<3> region;
  region.SetSize(0, nx), region.SetSize(1, ny), region.SetSize(2, nz);
  m->SetRegions(region);
  const double sp[3] = {spacing_mm, 0.9, 1.1};  // anisotropic: margins are per axis
  m->SetSpacing(sp);
  m->Allocate(true);
  return m;
}

void addBall(MaskImage* m, double cx, double cy, double cz, double r_mm) {
  const auto size = m->GetLargestPossibleRegion().GetSize();
  const auto sp = m->GetSpacing();
  for (size_t k = 0, i = 0; k < size[2]; ++k)
    for (size_t j = 0; j < size[1]; ++j)
      for (size_t x = 0; x < size[0]; ++x, ++i) {
        const double dx = (x - cx) * sp[0], dy = (j - cy) * sp[1], dz = (k - cz) * sp[2];
        if (dx * dx + dy * dy + dz * dz <= r_mm * r_mm) m->GetBufferPointer()[i] = 1;
      }
}
}  // namespace

TEST(MaskOps, ClosingOnTheBoundingBoxEqualsClosingOnTheWholeImage) {
  constexpr double kRadiusMm = 4.0;
  // Two balls 5 mm apart (bridged by the closing) in a large image, and a ball cut by the
  // image border.
  for (const bool at_border : {false, true}) {
    auto a = emptyMask(120, 110, 100, 1.0);
    addBall(a, 40, 50, 50, 10.0);
    addBall(a, 64, 50, 50, 10.0);
    if (at_border) addBall(a, 2, 50, 50, 12.0);
    auto b = emptyMask(120, 110, 100, 1.0);
    std::copy_n(a->GetBufferPointer(), a->GetLargestPossibleRegion().GetNumberOfPixels(),
                b->GetBufferPointer());
    closeMask(a, kRadiusMm);
    dilateMask(b, kRadiusMm);  // the same closing, on the whole image
    erodeMask(b, kRadiusMm);
    const size_t n = a->GetLargestPossibleRegion().GetNumberOfPixels();
    size_t differ = 0;
    for (size_t i = 0; i < n; ++i) differ += a->GetBufferPointer()[i] != b->GetBufferPointer()[i];
    EXPECT_EQ(differ, 0u) << (at_border ? "with" : "without") << " a ball at the border";
    // The gap is bridged: the midpoint between the balls is inside.
    const size_t mid = (50 * 110 + 50) * 120 + 52;
    EXPECT_EQ(a->GetBufferPointer()[mid], 1);
  }
  auto empty = emptyMask(20, 20, 20, 1.0);
  closeMask(empty, kRadiusMm);  // nothing to close: stays empty, no crash
  EXPECT_EQ(countVoxels(empty), 0u);
}

TEST(MaskOps, FillHolesFillsCavitiesButNotWhatOpensToTheOutside) {
  auto shell = emptyMask(80, 80, 80, 1.0), solid = emptyMask(80, 80, 80, 1.0);
  addBall(shell, 40, 40, 40, 14.0);
  addBall(solid, 40, 40, 40, 14.0);
  const size_t n = shell->GetLargestPossibleRegion().GetNumberOfPixels();
  auto hollow = emptyMask(80, 80, 80, 1.0);
  addBall(hollow, 40, 40, 40, 10.0);
  for (size_t i = 0; i < n; ++i) shell->GetBufferPointer()[i] &= !hollow->GetBufferPointer()[i];
  auto cup = emptyMask(80, 80, 80, 1.0);  // the same shell with a tunnel to the outside
  std::copy_n(shell->GetBufferPointer(), n, cup->GetBufferPointer());
  for (size_t x = 40; x < 80; ++x)
    for (size_t y = 38; y <= 42; ++y)
      for (size_t z = 38; z <= 42; ++z) cup->GetBufferPointer()[(z * 80 + y) * 80 + x] = 0;
  const size_t cup_before = countVoxels(cup);
  fillHoles(shell);
  fillHoles(cup);
  EXPECT_EQ(countVoxels(shell), countVoxels(solid));
  EXPECT_EQ(countVoxels(cup), cup_before);
}

TEST(MaskOps, SeparableDistanceEqualsBruteForceWithAnisotropicSpacing) {
  constexpr double kToleranceMm2 = 1e-9;  // the same sums, in another order
  auto m = emptyMask(23, 19, 17, 0.898);
  std::mt19937 random(7);
  std::bernoulli_distribution sparse(0.01);
  for (size_t i = 0; i < 23 * 19 * 17; ++i) m->GetBufferPointer()[i] = sparse(random) ? 1 : 0;
  addBall(m, 4, 14, 3, 2.5);  // and a solid piece
  const auto d2 = squaredDistanceToMaskMm2(m);
  const auto sp = m->GetSpacing();
  const auto at = [](size_t i) {
    return std::array<double, 3>{double(i % 23), double(i / 23 % 19), double(i / (23 * 19))};
  };
  size_t mask_voxels = 0;
  for (size_t i = 0; i < d2.size(); ++i) {
    double best = INFINITY;
    for (size_t j = 0; j < d2.size(); ++j) {
      if (!m->GetBufferPointer()[j]) continue;
      double sum = 0.0;
      for (int a = 0; a < 3; ++a) sum += std::pow((at(i)[a] - at(j)[a]) * sp[a], 2);
      best = std::min(best, sum);
    }
    mask_voxels += m->GetBufferPointer()[i];
    ASSERT_NEAR(d2[i], best, kToleranceMm2) << "voxel " << i;
  }
  EXPECT_GT(mask_voxels, 50u);
  const auto none = squaredDistanceToMaskMm2(emptyMask(5, 4, 3, 1.0));
  for (double v : none) EXPECT_TRUE(std::isinf(v));
}
