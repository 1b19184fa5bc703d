#include "imaging/world_slice.h"

#include <algorithm>
#include <cmath>

namespace tmsnav {

namespace {
struct Axes {
  Eigen::Vector3d right, down;  // LPS
  char left, right_label, top, bottom;  // one letter each: built as (1, letter) strings
};

// LPS: +x left, +y posterior, +z superior.
Axes axesFor(SlicePlane plane, SliceConvention convention) {
  const bool radiological = convention == SliceConvention::Radiological;
  // Radiological: the patient's left is on the screen's right (viewed from the feet/front).
  const Eigen::Vector3d lr = radiological ? Eigen::Vector3d(1, 0, 0) : Eigen::Vector3d(-1, 0, 0);
  const char l = radiological ? 'R' : 'L';
  const char r = radiological ? 'L' : 'R';
  switch (plane) {
    case SlicePlane::Axial:
      return {lr, {0, 1, 0}, l, r, 'A', 'P'};
    case SlicePlane::Coronal:
      return {lr, {0, 0, -1}, l, r, 'S', 'I'};
    case SlicePlane::Sagittal:
      return {{0, 1, 0}, {0, 0, -1}, 'A', 'P', 'S', 'I'};
  }
  return {lr, {0, 1, 0}, l, r, 'A', 'P'};
}

float trilinear(const ImageF* image, const Eigen::Vector3d& c, const Eigen::Vector3i& dims) {
  const Eigen::Vector3d f = c.array().floor();
  const Eigen::Vector3i i0 = f.cast<int>();
  if ((i0.array() < 0).any() || (i0.array() + 1 >= dims.array()).any()) return 0.0f;
  const Eigen::Vector3d t = c - f;
  const float* p = image->GetBufferPointer();
  const long sx = 1, sy = dims.x(), sz = static_cast<long>(dims.x()) * dims.y();
  const long base = i0.x() + i0.y() * sy + i0.z() * sz;
  double v = 0;
  for (int k = 0; k < 8; ++k) {
    const int dx = k & 1, dy = (k >> 1) & 1, dz = (k >> 2) & 1;
    const double w = (dx ? t.x() : 1 - t.x()) * (dy ? t.y() : 1 - t.y()) * (dz ? t.z() : 1 - t.z());
    v += w * p[base + dx * sx + dy * sy + dz * sz];
  }
  return static_cast<float>(v);
}
}  // namespace

Eigen::Vector3d WorldSlice::pointAt(double u, double v) const {
  return centre_lps + (u - 0.5 * width) * mm_per_pixel * right_lps +
         (v - 0.5 * height) * mm_per_pixel * down_lps;
}

Eigen::Vector2d WorldSlice::pixelOf(const Eigen::Vector3d& p_lps) const {
  const Eigen::Vector3d d = p_lps - centre_lps;
  return {0.5 * width + d.dot(right_lps) / mm_per_pixel,
          0.5 * height + d.dot(down_lps) / mm_per_pixel};
}

IntensityWindow robustWindow(const Volume& volume) {
  const size_t n = volume.image->GetLargestPossibleRegion().GetNumberOfPixels();
  const float* p = volume.image->GetBufferPointer();
  std::vector<float> sample;
  const size_t step = std::max<size_t>(1, n / 200000);
  for (size_t i = 0; i < n; i += step) sample.push_back(p[i]);
  if (sample.empty()) return {};
  auto nth = [&](double q) {
    auto it = sample.begin() + static_cast<long>(q * (sample.size() - 1));
    std::nth_element(sample.begin(), it, sample.end());
    return *it;
  };
  IntensityWindow w{nth(0.01), nth(0.995)};
  if (!(w.high > w.low)) w.high = w.low + 1;
  return w;
}

WorldSlice extractSlice(const Volume& volume, SlicePlane plane, SliceConvention convention,
                        const Eigen::Vector3d& centre_lps, double fov_mm, int pixels,
                        const IntensityWindow& window) {
  const Axes a = axesFor(plane, convention);
  WorldSlice s;
  s.width = s.height = pixels;
  // From a char, not a C string: GCC 12 warns falsely (-Wstringop-overflow) on the
  // inlined copy of a one-letter literal into a string.
  s.left.assign(1, a.left);
  s.right.assign(1, a.right_label);
  s.top.assign(1, a.top);
  s.bottom.assign(1, a.bottom);
  s.centre_lps = centre_lps;
  s.mm_per_pixel = fov_mm / pixels;
  s.right_lps = a.right;
  s.down_lps = a.down;
  s.grey.resize(static_cast<size_t>(pixels) * pixels);
  const Eigen::Matrix4d lps_to_index = volume.voxelToLps().inverse();
  const Eigen::Vector3i dims = volume.dims();
  const float scale = 255.0f / (window.high - window.low);
  for (int v = 0; v < pixels; ++v)
    for (int u = 0; u < pixels; ++u) {
      const Eigen::Vector3d p = s.pointAt(u + 0.5, v + 0.5);
      const Eigen::Vector3d c = (lps_to_index * p.homogeneous()).head<3>();
      const float value = (trilinear(volume.image, c, dims) - window.low) * scale;
      s.grey[static_cast<size_t>(v) * pixels + u] =
          static_cast<unsigned char>(std::clamp(value, 0.0f, 255.0f));
    }
  return s;
}

}  // namespace tmsnav
