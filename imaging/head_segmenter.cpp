#include "imaging/head_segmenter.h"

#include "imaging/mask_ops.h"

#include <cmath>
#include <vector>

#include <itkOtsuThresholdImageFilter.h>

namespace tmsnav {

namespace {
double otsuThreshold(const ImageF* image) {
  auto otsu = itk::OtsuThresholdImageFilter<ImageF, MaskImage>::New();
  otsu->SetInput(image);
  otsu->SetNumberOfHistogramBins(256);
  otsu->Update();
  return otsu->GetThreshold();
}

}  // namespace

int axialIndexAxis(const itk::ImageBase<3>* image) {
  const auto& dir = image->GetDirection();
  int best = 0;
  for (int c = 1; c < 3; ++c)
    if (std::abs(dir(2, c)) > std::abs(dir(2, best))) best = c;
  return best;
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
  closeMask(r.mask, options.closing_radius_mm);
  if (progress.cancelled()) return Error{"cancelled"};
  progress(0.8, "hole filling");
  // Axial slices first (mouth, sinuses, ventricles), then the other two orientations: the
  // ear canals and the nasal airway are tunnels, enclosed in the slices across them, and
  // they must not leave inner surfaces in the scalp mesh.
  const int axial = axialIndexAxis(image);
  fillSlices(r.mask, axial);
  for (int axis = 0; axis < 3; ++axis)
    if (axis != axial) fillSlices(r.mask, axis);
  keepLargestComponent(r.mask);
  r.volume_ml = maskVolumeMl(r.mask);
  if (r.volume_ml < 100.0) return Error{"no head found in the image (mask under 100 ml)"};
  progress(1.0, "head mask");
  return r;
}

}  // namespace tmsnav
