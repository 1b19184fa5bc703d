#include "imaging/head_crop.h"

#include <algorithm>
#include <cmath>

#include <itkNearestNeighborInterpolateImageFunction.h>
#include <itkRegionOfInterestImageFilter.h>
#include <itkResampleImageFilter.h>

#include "imaging/head_segmenter.h"
#include "imaging/mask_ops.h"
#include "imaging/resample.h"

namespace tmsnav {

namespace {
constexpr double kCoarseMm = 4.0;
// Room for what the coarse threshold misses (thin skin, an ear tip) and for the closing.
constexpr double kHeadCropMarginMm = 15.0;
// Cropping saves little below this; above it the input is used as is.
constexpr double kMaxCropFraction = 0.7;
}  // namespace

HeadCrop headCrop(const ImageF* image) {
  HeadCrop crop;
  crop.region = image->GetLargestPossibleRegion();
  const auto sp = image->GetSpacing();
  crop.resampled = std::min({sp[0], sp[1], sp[2]}) < kMinWorkingSpacingMm;
  Volume coarse;  // the head found as on any scan, on a 4 mm copy
  coarse.image = blockAveraged(image, kCoarseMm);
  auto head = segmentHead(coarse, {}, {});
  if (!head) return crop;  // the full-resolution segmentation will say why
  const MaskImage* mask = head->mask;
  const auto bounds = maskBounds(mask);
  if (!bounds) return crop;
  const auto size = image->GetLargestPossibleRegion().GetSize();
  const auto spacing = image->GetSpacing();
  itk::ImageRegion<3> region;
  for (int d = 0; d < 3; ++d) {
    const long f = std::max(1L, std::lround(kCoarseMm / spacing[d]));  // as blockAveraged
    const long pad = static_cast<long>(std::ceil(kHeadCropMarginMm / spacing[d]));
    const long lo = bounds->GetIndex(d), hi = lo + long(bounds->GetSize(d)) - 1;
    const long a = std::max(0L, lo * f - pad);
    const long b = std::min(long(size[d]) - 1, (hi + 1) * f - 1 + pad);
    region.SetIndex(d, a);
    region.SetSize(d, static_cast<itk::SizeValueType>(b - a + 1));
  }
  if (region.GetNumberOfPixels() >
      kMaxCropFraction * image->GetLargestPossibleRegion().GetNumberOfPixels())
    return crop;
  crop.region = region;
  crop.cropped = true;
  return crop;
}

Volume croppedVolume(const Volume& volume, const HeadCrop& crop) {
  Volume out = volume;
  if (crop.cropped) {
    auto roi = itk::RegionOfInterestImageFilter<ImageF, ImageF>::New();
    roi->SetInput(volume.image);
    roi->SetRegionOfInterest(crop.region);
    roi->Update();
    out.image = roi->GetOutput();
    out.image->DisconnectPipeline();
  }
  if (crop.resampled) out.image = downsampled(out.image, kWorkingSpacingMm);
  return out;
}

MaskImage::Pointer uncropped(const MaskImage* mask, const itk::ImageBase<3>* full,
                             const HeadCrop& crop) {
  if (crop.resampled) {
    auto nearest = itk::NearestNeighborInterpolateImageFunction<MaskImage, double>::New();
    auto resample = itk::ResampleImageFilter<MaskImage, MaskImage>::New();
    resample->SetInput(mask);
    resample->SetInterpolator(nearest);
    resample->SetOutputParametersFromImage(full);
    resample->SetDefaultPixelValue(0);
    resample->Update();
    return resample->GetOutput();
  }
  auto out = newMaskLike(full);
  const auto fs = full->GetLargestPossibleRegion().GetSize();
  const auto rs = crop.region.GetSize();
  const auto ri = crop.region.GetIndex();
  for (size_t k = 0; k < rs[2]; ++k)
    for (size_t j = 0; j < rs[1]; ++j)
      std::copy_n(mask->GetBufferPointer() + (k * rs[1] + j) * rs[0], rs[0],
                  out->GetBufferPointer() + ((ri[2] + k) * fs[1] + (ri[1] + j)) * fs[0] + ri[0]);
  return out;
}

}  // namespace tmsnav
