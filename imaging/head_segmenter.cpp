#include "imaging/head_segmenter.h"

#include <cmath>
#include <vector>

#include <itkConnectedComponentImageFilter.h>
#include <itkOtsuThresholdImageFilter.h>
#include <itkSignedMaurerDistanceMapImageFilter.h>

namespace tmsnav {

namespace {
using DistanceImage = itk::Image<float, 3>;

MaskImage::Pointer newMaskLike(const itk::ImageBase<3>* ref) {
  auto m = MaskImage::New();
  m->CopyInformation(ref);
  m->SetRegions(ref->GetLargestPossibleRegion());
  m->Allocate(true);
  return m;
}

double otsuThreshold(const ImageF* image) {
  auto otsu = itk::OtsuThresholdImageFilter<ImageF, MaskImage>::New();
  otsu->SetInput(image);
  otsu->SetNumberOfHistogramBins(256);
  otsu->Update();
  return otsu->GetThreshold();
}

void keepLargestComponent(MaskImage* mask) {
  using LabelImage = itk::Image<unsigned int, 3>;
  auto cc = itk::ConnectedComponentImageFilter<MaskImage, LabelImage>::New();
  cc->SetInput(mask);
  cc->Update();
  const LabelImage* labels = cc->GetOutput();
  const size_t n = mask->GetLargestPossibleRegion().GetNumberOfPixels();
  std::vector<size_t> counts(cc->GetObjectCount() + 1, 0);
  const unsigned int* lab = labels->GetBufferPointer();
  for (size_t i = 0; i < n; ++i) ++counts[lab[i]];
  size_t best = 0;
  for (size_t l = 1; l < counts.size(); ++l)
    if (counts[l] > counts[best] || best == 0) best = l;
  unsigned char* m = mask->GetBufferPointer();
  for (size_t i = 0; i < n; ++i) m[i] = (best != 0 && lab[i] == best) ? 1 : 0;
}

// Signed distance (mm, negative inside) to the boundary of the mask.
DistanceImage::Pointer signedDistance(const MaskImage* mask) {
  auto dist = itk::SignedMaurerDistanceMapImageFilter<MaskImage, DistanceImage>::New();
  dist->SetInput(mask);
  dist->SetUseImageSpacing(true);
  dist->SetSquaredDistance(false);
  dist->SetInsideIsPositive(false);
  dist->SetBackgroundValue(0);
  dist->Update();
  return dist->GetOutput();
}

// Morphological closing with a ball of radius r, through two distance maps: exact for
// Euclidean balls and linear in the number of voxels, unlike a structuring-element scan.
void close(MaskImage* mask, double radius_mm) {
  const size_t n = mask->GetLargestPossibleRegion().GetNumberOfPixels();
  {
    auto d = signedDistance(mask);
    const float* dp = d->GetBufferPointer();
    unsigned char* m = mask->GetBufferPointer();
    for (size_t i = 0; i < n; ++i) m[i] = dp[i] <= radius_mm ? 1 : 0;  // dilate
  }
  auto d = signedDistance(mask);
  const float* dp = d->GetBufferPointer();
  unsigned char* m = mask->GetBufferPointer();
  for (size_t i = 0; i < n; ++i) m[i] = dp[i] <= -radius_mm ? 1 : 0;  // erode
}

// 2-D flood fill of the background from the border of every slice normal to `axis`:
// whatever the flood does not reach is inside the head (mouth, sinuses, ventricles...).
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
}  // namespace

int axialIndexAxis(const itk::ImageBase<3>* image) {
  const auto& dir = image->GetDirection();
  int best = 0;
  for (int c = 1; c < 3; ++c)
    if (std::abs(dir(2, c)) > std::abs(dir(2, best))) best = c;
  return best;
}

double maskVolumeMl(const MaskImage* mask) {
  const size_t n = mask->GetLargestPossibleRegion().GetNumberOfPixels();
  const unsigned char* m = mask->GetBufferPointer();
  size_t count = 0;
  for (size_t i = 0; i < n; ++i) count += m[i] != 0;
  const auto sp = mask->GetSpacing();
  return static_cast<double>(count) * sp[0] * sp[1] * sp[2] / 1000.0;
}

Result<HeadMaskResult> segmentHead(const Volume& volume, const HeadSegmenterOptions& options,
                                   const Progress& progress) {
  HeadMaskResult r;
  const ImageF* image = volume.image.GetPointer();
  progress(0.0, "threshold");
  r.threshold = otsuThreshold(image);
  r.mask = newMaskLike(image);
  const size_t n = image->GetLargestPossibleRegion().GetNumberOfPixels();
  const float* px = image->GetBufferPointer();
  unsigned char* m = r.mask->GetBufferPointer();
  for (size_t i = 0; i < n; ++i) m[i] = px[i] > r.threshold ? 1 : 0;
  if (progress.cancelled()) return Error{"cancelled"};
  progress(0.2, "largest component");
  keepLargestComponent(r.mask);
  if (progress.cancelled()) return Error{"cancelled"};
  progress(0.35, "closing");
  close(r.mask, options.closing_radius_mm);
  if (progress.cancelled()) return Error{"cancelled"};
  progress(0.8, "hole filling");
  fillSlices(r.mask, axialIndexAxis(image));
  keepLargestComponent(r.mask);
  r.volume_ml = maskVolumeMl(r.mask);
  if (r.volume_ml < 100.0) return Error{"no head found in the image (mask under 100 ml)"};
  progress(1.0, "head mask");
  return r;
}

}  // namespace tmsnav
