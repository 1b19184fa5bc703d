// Slice views: a bright marker in the patient's left hemisphere must appear on the
// screen's right in radiological convention and on the left in neurological, and the
// edge letters must say so.
#include <gtest/gtest.h>

#include "core/coords.h"
#include "imaging/world_slice.h"

using namespace tmsnav;

namespace {
// 60 mm cube, 1 mm voxels, LPS-aligned; one bright blob at the given LPS point.
Volume cubeWithMarker(const Eigen::Vector3d& marker_lps) {
  Volume v;
  v.image = ImageF::New();
  ImageF::SizeType size = {{60, 60, 60}};
  v.image->SetRegions(size);
  ImageF::PointType origin;
  for (int i = 0; i < 3; ++i) origin[i] = -29.5;
  v.image->SetOrigin(origin);
  v.image->Allocate(true);
  for (int z = 0; z < 60; ++z)
    for (int y = 0; y < 60; ++y)
      for (int x = 0; x < 60; ++x) {
        const Eigen::Vector3d p(x - 29.5, y - 29.5, z - 29.5);
        if ((p - marker_lps).norm() < 4.0) v.image->SetPixel({{x, y, z}}, 1000.0f);
      }
  return v;
}

// Mean column of the bright pixels.
double brightColumn(const WorldSlice& s) {
  double sum = 0, n = 0;
  for (int v = 0; v < s.height; ++v)
    for (int u = 0; u < s.width; ++u)
      if (s.grey[v * s.width + u] > 128) sum += u, n += 1;
  return n ? sum / n : -1;
}
}  // namespace

TEST(WorldSlice, LeftHemisphereMarkerFollowsTheConvention) {
  const Eigen::Vector3d left_lps = lpsFromRas({-15, 0, 0});  // RAS x < 0: patient's left
  const Volume v = cubeWithMarker(left_lps);
  const IntensityWindow w{0, 1000};
  for (SlicePlane plane : {SlicePlane::Axial, SlicePlane::Coronal}) {
    const auto radio = extractSlice(v, plane, SliceConvention::Radiological, left_lps, 60, 60, w);
    const auto neuro = extractSlice(v, plane, SliceConvention::Neurological, left_lps, 60, 60, w);
    const auto radio_c =
        extractSlice(v, plane, SliceConvention::Radiological, {0, 0, 0}, 60, 60, w);
    EXPECT_EQ(radio.left, "R");
    EXPECT_EQ(radio.right, "L");
    EXPECT_EQ(neuro.left, "L");
    EXPECT_GT(brightColumn(radio_c), 30 + 10);  // screen right
    const auto neuro_c =
        extractSlice(v, plane, SliceConvention::Neurological, {0, 0, 0}, 60, 60, w);
    EXPECT_LT(brightColumn(neuro_c), 30 - 10);  // screen left
    EXPECT_NEAR(brightColumn(radio), 30, 1.5);  // centred on the marker
    EXPECT_NEAR(brightColumn(neuro), 30, 1.5);
  }
  const Eigen::Vector3d anterior_lps = lpsFromRas({0, 15, 0});
  const auto sag = extractSlice(cubeWithMarker(anterior_lps), SlicePlane::Sagittal,
                                SliceConvention::Radiological, {0, 0, 0}, 60, 60, w);
  EXPECT_EQ(sag.left, "A");
  EXPECT_LT(brightColumn(sag), 30 - 10);  // anterior on the left of a sagittal view
  EXPECT_EQ(sag.top, "S");
}
