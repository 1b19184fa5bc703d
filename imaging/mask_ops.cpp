#include "imaging/mask_ops.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <vector>

#include <itkConnectedComponentImageFilter.h>
#include <itkSignedMaurerDistanceMapImageFilter.h>

#include "imaging/distance_transform.h"

namespace tmsnav {

MaskImage::Pointer newMaskLike(const itk::ImageBase<3>* reference) {
  auto m = MaskImage::New();
  m->CopyInformation(reference);
  m->SetRegions(reference->GetLargestPossibleRegion());
  m->Allocate(true);
  return m;
}

ImageF::Pointer maskAsFloat(const MaskImage* mask) {
  auto f = ImageF::New();
  f->CopyInformation(mask);
  f->SetRegions(mask->GetLargestPossibleRegion());
  f->Allocate();
  const size_t n = mask->GetLargestPossibleRegion().GetNumberOfPixels();
  std::copy(mask->GetBufferPointer(), mask->GetBufferPointer() + n, f->GetBufferPointer());
  return f;
}

ImageF::Pointer signedDistanceMm(const MaskImage* mask) {
  auto dist = itk::SignedMaurerDistanceMapImageFilter<MaskImage, ImageF>::New();
  dist->SetInput(mask);
  dist->SetUseImageSpacing(true);
  dist->SetSquaredDistance(false);
  dist->SetInsideIsPositive(false);
  dist->SetBackgroundValue(0);
  dist->Update();
  return dist->GetOutput();
}

size_t keepLargestComponent(MaskImage* mask) {
  using LabelImage = itk::Image<unsigned int, 3>;
  auto cc = itk::ConnectedComponentImageFilter<MaskImage, LabelImage>::New();
  cc->SetInput(mask);
  cc->Update();
  const unsigned int* lab = cc->GetOutput()->GetBufferPointer();
  const size_t n = mask->GetLargestPossibleRegion().GetNumberOfPixels();
  std::vector<size_t> counts(cc->GetObjectCount() + 1, 0);
  for (size_t i = 0; i < n; ++i) ++counts[lab[i]];
  size_t best = 0;
  for (size_t l = 1; l < counts.size(); ++l)
    if (best == 0 || counts[l] > counts[best]) best = l;
  unsigned char* m = mask->GetBufferPointer();
  for (size_t i = 0; i < n; ++i) m[i] = (best != 0 && lab[i] == best) ? 1 : 0;
  return best == 0 ? 0 : counts[best];
}

// A voxel joins when the nearest mask voxel is within the radius: exact for a Euclidean
// ball. (ITK's signed Maurer map, used before, gives the same masks and also measures the
// inside, which a dilation does not need: 2-3x the time.) An erosion is the dilation of the
// complement.
void dilateMask(MaskImage* mask, double radius_mm) {
  const std::vector<double> d2 = squaredDistanceToMaskMm2(mask);
  unsigned char* m = mask->GetBufferPointer();
  const size_t n = mask->GetLargestPossibleRegion().GetNumberOfPixels();
  const double r2 = radius_mm * radius_mm;
  for (size_t i = 0; i < n; ++i) m[i] = (m[i] || d2[i] <= r2) ? 1 : 0;
}

void erodeMask(MaskImage* mask, double radius_mm) {
  unsigned char* m = mask->GetBufferPointer();
  const size_t n = mask->GetLargestPossibleRegion().GetNumberOfPixels();
  for (size_t i = 0; i < n; ++i) m[i] = m[i] ? 0 : 1;
  dilateMask(mask, radius_mm);
  for (size_t i = 0; i < n; ++i) m[i] = m[i] ? 0 : 1;
}

std::optional<itk::ImageRegion<3>> maskBounds(const MaskImage* mask) {
  const auto size = mask->GetLargestPossibleRegion().GetSize();
  long lo[3] = {long(size[0]), long(size[1]), long(size[2])}, hi[3] = {-1, -1, -1};
  const unsigned char* m = mask->GetBufferPointer();
  for (long k = 0, i = 0; k < long(size[2]); ++k)
    for (long j = 0; j < long(size[1]); ++j)
      for (long x = 0; x < long(size[0]); ++x, ++i)
        if (m[i]) {
          const long at[3] = {x, j, k};
          for (int d = 0; d < 3; ++d)
            lo[d] = std::min(lo[d], at[d]), hi[d] = std::max(hi[d], at[d]);
        }
  if (hi[0] < 0) return std::nullopt;
  itk::ImageRegion<3> region;
  for (int d = 0; d < 3; ++d) {
    region.SetIndex(d, lo[d]);
    region.SetSize(d, static_cast<itk::SizeValueType>(hi[d] - lo[d] + 1));
  }
  return region;
}

namespace {
// The mask's bounding box widened by `margin_mm` (plus two voxels), clipped to the image;
// empty for an empty mask.
itk::ImageRegion<3> boundingRegion(const MaskImage* mask, double margin_mm) {
  const auto bounds = maskBounds(mask);
  if (!bounds) return {};
  const auto size = mask->GetLargestPossibleRegion().GetSize();
  itk::ImageRegion<3> region;
  for (int d = 0; d < 3; ++d) {
    const long pad = static_cast<long>(std::ceil(margin_mm / mask->GetSpacing()[d])) + 2;
    const long lo = bounds->GetIndex(d), hi = lo + long(bounds->GetSize(d)) - 1;
    const long a = std::max(0L, lo - pad), b = std::min(long(size[d]) - 1, hi + pad);
    region.SetIndex(d, a);
    region.SetSize(d, static_cast<itk::SizeValueType>(b - a + 1));
  }
  return region;
}

// into_crop: copies `region` of the full mask `from` into the crop `to`; otherwise the
// crop `from` back into `region` of the full mask `to`.
void copyRegion(const MaskImage* from, MaskImage* to, const itk::ImageRegion<3>& region,
                bool into_crop) {
  const auto full = (into_crop ? from : to)->GetLargestPossibleRegion().GetSize();
  const auto rs = region.GetSize();
  const auto ri = region.GetIndex();
  for (size_t k = 0; k < rs[2]; ++k)
    for (size_t j = 0; j < rs[1]; ++j) {
      const size_t big = ((ri[2] + k) * full[1] + (ri[1] + j)) * full[0] + ri[0];
      const size_t small = (k * rs[1] + j) * rs[0];
      if (into_crop)
        std::copy_n(from->GetBufferPointer() + big, rs[0], to->GetBufferPointer() + small);
      else
        std::copy_n(from->GetBufferPointer() + small, rs[0], to->GetBufferPointer() + big);
    }
}
}  // namespace

namespace {
// Runs `work` on the mask's bounding box widened by margin_mm (plus two voxels): for
// operations that cannot change anything beyond that box.
template <typename Work>
void onBoundingBox(MaskImage* mask, double margin_mm, Work work) {
  const auto region = boundingRegion(mask, margin_mm);
  if (region.GetNumberOfPixels() == 0) return;
  auto crop = MaskImage::New();
  crop->SetRegions(itk::ImageRegion<3>(region.GetSize()));
  crop->SetSpacing(mask->GetSpacing());
  crop->SetDirection(mask->GetDirection());
  crop->Allocate();
  copyRegion(mask, crop, region, true);
  work(crop.GetPointer());
  copyRegion(crop, mask, region, false);
}
}  // namespace

// Nothing outside the bounding box widened by the radius can change, so the two distance
// maps run on that box only: the brain's 4 mm closing went from 0.46 s to 0.34 s.
void closeMask(MaskImage* mask, double radius_mm) {
  onBoundingBox(mask, radius_mm, [radius_mm](MaskImage* crop) {
    dilateMask(crop, radius_mm);
    erodeMask(crop, radius_mm);
  });
}
void openMask(MaskImage* mask, double radius_mm) {
  erodeMask(mask, radius_mm);
  dilateMask(mask, radius_mm);
}

void fillSlices(MaskImage* mask, int axis) {
  const auto size = mask->GetLargestPossibleRegion().GetSize();
  const long dim[3] = {static_cast<long>(size[0]), static_cast<long>(size[1]),
                       static_cast<long>(size[2])};
  const long stride[3] = {1, dim[0], dim[0] * dim[1]};
  const int a = axis == 0 ? 1 : 0, b = axis == 2 ? 1 : 2;
  unsigned char* m = mask->GetBufferPointer();
  std::vector<unsigned char> seen(dim[a] * dim[b]);
  std::vector<long> stack;
  for (long s = 0; s < dim[axis]; ++s) {
    std::fill(seen.begin(), seen.end(), 0);
    auto at = [&](long u, long v) { return s * stride[axis] + u * stride[a] + v * stride[b]; };
    auto push = [&](long u, long v) {
      if (u < 0 || v < 0 || u >= dim[a] || v >= dim[b]) return;
      const long k = u + v * dim[a];
      if (seen[k] || m[at(u, v)]) return;
      seen[k] = 1;
      stack.push_back(k);
    };
    for (long u = 0; u < dim[a]; ++u) push(u, 0), push(u, dim[b] - 1);
    for (long v = 0; v < dim[b]; ++v) push(0, v), push(dim[a] - 1, v);
    while (!stack.empty()) {
      const long k = stack.back();
      stack.pop_back();
      const long u = k % dim[a], v = k / dim[a];
      push(u + 1, v), push(u - 1, v), push(u, v + 1), push(u, v - 1);
    }
    for (long v = 0; v < dim[b]; ++v)
      for (long u = 0; u < dim[a]; ++u)
        if (!seen[u + v * dim[a]]) m[at(u, v)] = 1;
  }
}

namespace {
void fillHolesEverywhere(MaskImage* mask) {
  const auto size = mask->GetLargestPossibleRegion().GetSize();
  const long nx = size[0], ny = size[1], nz = size[2];
  unsigned char* m = mask->GetBufferPointer();
  std::vector<unsigned char> outside(static_cast<size_t>(nx * ny * nz), 0);
  std::vector<long> stack;
  auto push = [&](long x, long y, long z) {
    if (x < 0 || y < 0 || z < 0 || x >= nx || y >= ny || z >= nz) return;
    const long k = x + nx * (y + ny * z);
    if (outside[k] || m[k]) return;
    outside[k] = 1;
    stack.push_back(k);
  };
  for (long z = 0; z < nz; ++z)
    for (long y = 0; y < ny; ++y) push(0, y, z), push(nx - 1, y, z);
  for (long z = 0; z < nz; ++z)
    for (long x = 0; x < nx; ++x) push(x, 0, z), push(x, ny - 1, z);
  for (long y = 0; y < ny; ++y)
    for (long x = 0; x < nx; ++x) push(x, y, 0), push(x, y, nz - 1);
  while (!stack.empty()) {
    const long k = stack.back();
    stack.pop_back();
    const long x = k % nx, y = (k / nx) % ny, z = k / (nx * ny);
    push(x + 1, y, z), push(x - 1, y, z), push(x, y + 1, z);
    push(x, y - 1, z), push(x, y, z + 1), push(x, y, z - 1);
  }
  for (size_t i = 0; i < outside.size(); ++i) m[i] = outside[i] ? 0 : 1;
}
}  // namespace

// Background outside the mask's box always reaches the border, so the flood runs on the
// box (with a background rim) only.
void fillHoles(MaskImage* mask) {
  onBoundingBox(mask, 0.0, fillHolesEverywhere);
}

size_t countVoxels(const MaskImage* mask) {
  const size_t n = mask->GetLargestPossibleRegion().GetNumberOfPixels();
  const unsigned char* m = mask->GetBufferPointer();
  size_t count = 0;
  for (size_t i = 0; i < n; ++i) count += m[i] != 0;
  return count;
}

double maskVolumeMl(const MaskImage* mask) {
  const auto sp = mask->GetSpacing();
  return static_cast<double>(countVoxels(mask)) * sp[0] * sp[1] * sp[2] / 1000.0;
}

}  // namespace tmsnav
