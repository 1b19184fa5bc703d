#include "imaging/head_segmenter.h"

#include "imaging/mask_ops.h"
#include "imaging/resample.h"

#include <algorithm>
#include <cmath>
#include <string>
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

// Otsu's threshold among the voxels at or below `upper`: between the background and the
// darkest tissue.
double otsuBelow(const ImageF* image, double upper) {
  auto below = newMaskLike(image);
  const size_t n = image->GetLargestPossibleRegion().GetNumberOfPixels();
  const float* px = image->GetBufferPointer();
  for (size_t i = 0; i < n; ++i) below->GetBufferPointer()[i] = px[i] <= upper ? 1 : 0;
  auto otsu = itk::OtsuThresholdImageFilter<ImageF, MaskImage>::New();
  otsu->SetInput(image);
  otsu->SetMaskImage(below);
  otsu->SetMaskValue(1);
  otsu->SetNumberOfHistogramBins(256);
  otsu->Update();
  return otsu->GetThreshold();
}

// Everything brighter than `threshold`, the largest piece, closed and filled.
MaskImage::Pointer headAt(const ImageF* image, double threshold,
                          const HeadSegmenterOptions& options, const Progress& progress) {
  auto mask = newMaskLike(image);
  const size_t n = image->GetLargestPossibleRegion().GetNumberOfPixels();
  const float* px = image->GetBufferPointer();
  unsigned char* m = mask->GetBufferPointer();
  for (size_t i = 0; i < n; ++i) m[i] = px[i] > threshold ? 1 : 0;
  if (progress.cancelled()) return mask;
  progress(0.2, "largest component");
  keepLargestComponent(mask);
  if (progress.cancelled()) return mask;
  progress(0.35, "closing");
  closeMask(mask, options.closing_radius_mm);
  if (progress.cancelled()) return mask;
  progress(0.8, "hole filling");
  // Axial slices first (mouth, sinuses, ventricles), then the other two orientations: the
  // ear canals and the nasal airway are tunnels, enclosed in the slices across them, and
  // they must not leave inner surfaces in the scalp mesh.
  const int axial = axialIndexAxis(image);
  fillSlices(mask, axial);
  for (int axis = 0; axis < 3; ++axis)
    if (axis != axial) fillSlices(mask, axis);
  keepLargestComponent(mask);
  return mask;
}

// A head is surrounded by background and has a human size. A mask that fills the field
// of view comes from noise, an inverted contrast or a phantom filling the coil; one of
// tens of litres from a wrong voxel size in the header. Neither may reach planning.
Result<Done> plausibleHead(const MaskImage* mask, double volume_ml) {
  constexpr double kMinHeadMl = 100.0;
  constexpr double kMaxHeadMl = 20000.0;        // a head with neck and shoulders: under 12 l
  constexpr double kMaxFieldOfViewFill = 0.90;  // a tightly cropped real head: 58 % (seg3d)
  const size_t n = mask->GetLargestPossibleRegion().GetNumberOfPixels();
  size_t inside = 0;
  for (size_t i = 0; i < n; ++i) inside += mask->GetBufferPointer()[i] != 0;
  const double fill = static_cast<double>(inside) / static_cast<double>(std::max<size_t>(n, 1));
  if (volume_ml < kMinHeadMl) return Error{"no head found in the image (mask under 100 ml)"};
  if (fill > kMaxFieldOfViewFill)
    return Error{"no head found: the head mask fills " + std::to_string(std::lround(100 * fill)) +
                 " % of the field of view, with no background around it (noise, an inverted "
                 "contrast or a phantom?)"};
  if (volume_ml > kMaxHeadMl)
    return Error{"the head would be " + std::to_string(std::lround(volume_ml / 1000.0)) +
                 " litres: check the voxel size in the header"};
  return Done{};
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
  // Which threshold finds the head is decided on a coarse copy (the two masks there cost
  // a few per cent of one at full resolution); the mask is then made once.
  if (const double low = otsuBelow(image, r.threshold); low < r.threshold) {
    auto coarse = downsampled(image, kThresholdChoiceGridMm);
    const double otsu_ml = maskVolumeMl(headAt(coarse, r.threshold, options, {}));
    auto low_mask = headAt(coarse, low, options, {});
    const double low_ml = maskVolumeMl(low_mask);
    // Noise that fills the field of view below Otsu's threshold is no head: kept out.
    if (low_ml > kBiasedHeadVolumeRatio * otsu_ml && plausibleHead(low_mask, low_ml)) {
      r.low_threshold_note =
          "the head is much brighter at its surface than inside (a receive coil's bias the "
          "scanner did not normalise): the head was found at the background's threshold (" +
          std::to_string(std::lround(low_ml)) + " ml instead of " +
          std::to_string(std::lround(otsu_ml)) + " ml)";
      r.threshold = low;
    }
  }
  if (progress.cancelled()) return Error{"cancelled"};
  r.mask = headAt(image, r.threshold, options, progress);
  if (progress.cancelled()) return Error{"cancelled"};
  r.volume_ml = maskVolumeMl(r.mask);
  if (auto plausible = plausibleHead(r.mask, r.volume_ml); !plausible)
    return Error{plausible.error()};
  progress(1.0, "head mask");
  return r;
}

}  // namespace tmsnav
