#include "imaging/distance_transform.h"

#include <cmath>
#include <limits>

namespace tmsnav {

namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();

// Buffers reused from line to line.
struct Scratch {
  std::vector<double> f;  // the line's values
  std::vector<size_t> v;  // positions of the parabolas in the envelope
  std::vector<double> z;  // where each parabola starts to be the lowest
};

// One line, in place: d(q) = min_p (spacing (q - p))^2 + f(p).
void envelope(double* line, size_t n, size_t stride, double spacing, Scratch& s) {
  s.f.resize(n);
  s.v.resize(n);
  s.z.resize(n + 1);
  for (size_t q = 0; q < n; ++q) s.f[q] = line[q * stride];
  long k = -1;
  for (size_t q = 0; q < n; ++q) {
    if (s.f[q] == kInf) continue;  // no parabola: nothing reached this voxel yet
    const double xq = spacing * double(q), hq = s.f[q] + xq * xq;
    double start = -kInf;
    while (k >= 0) {
      const double xv = spacing * double(s.v[k]);
      start = (hq - (s.f[s.v[k]] + xv * xv)) / (2.0 * (xq - xv));
      if (start > s.z[k]) break;
      --k;
    }
    if (k < 0) start = -kInf;
    ++k;
    s.v[k] = q;
    s.z[k] = start;
    s.z[k + 1] = kInf;
  }
  if (k < 0) return;  // the whole line stays infinite
  long j = 0;
  for (size_t q = 0; q < n; ++q) {
    const double xq = spacing * double(q);
    while (s.z[j + 1] < xq) ++j;
    const double dx = xq - spacing * double(s.v[j]);
    line[q * stride] = dx * dx + s.f[s.v[j]];
  }
}
}  // namespace

std::vector<double> squaredDistanceToMaskMm2(const MaskImage* mask) {
  const auto size = mask->GetLargestPossibleRegion().GetSize();
  const auto spacing = mask->GetSpacing();
  const size_t nx = size[0], ny = size[1], nz = size[2], n = nx * ny * nz;
  std::vector<double> d(n);
  const unsigned char* m = mask->GetBufferPointer();
  for (size_t i = 0; i < n; ++i) d[i] = m[i] ? 0.0 : kInf;
  Scratch s;
  for (size_t z = 0; z < nz; ++z)
    for (size_t y = 0; y < ny; ++y) envelope(&d[(z * ny + y) * nx], nx, 1, spacing[0], s);
  for (size_t z = 0; z < nz; ++z)
    for (size_t x = 0; x < nx; ++x) envelope(&d[z * ny * nx + x], ny, nx, spacing[1], s);
  // Consecutive x share cache lines, so the z lines are taken in x order.
  for (size_t y = 0; y < ny; ++y)
    for (size_t x = 0; x < nx; ++x) envelope(&d[y * nx + x], nz, nx * ny, spacing[2], s);
  return d;
}

ImageF::Pointer distanceToMaskMm(const MaskImage* mask) {
  const std::vector<double> d2 = squaredDistanceToMaskMm2(mask);
  auto out = ImageF::New();
  out->CopyInformation(mask);
  out->SetRegions(mask->GetLargestPossibleRegion());
  out->Allocate();
  float* o = out->GetBufferPointer();
  for (size_t i = 0; i < d2.size(); ++i) o[i] = static_cast<float>(std::sqrt(d2[i]));
  return out;
}

}  // namespace tmsnav
