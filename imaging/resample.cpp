#include "imaging/resample.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include <itkAffineTransform.h>
#include <itkLinearInterpolateImageFunction.h>
#include <itkResampleImageFilter.h>
#include <itkSmoothingRecursiveGaussianImageFilter.h>

namespace tmsnav {

ImageF::Pointer downsampled(const ImageF* image, double spacing_mm) {
  auto smooth = itk::SmoothingRecursiveGaussianImageFilter<ImageF, ImageF>::New();
  smooth->SetInput(image);
  smooth->SetSigma(0.5 * spacing_mm);
  auto resample = itk::ResampleImageFilter<ImageF, ImageF>::New();
  resample->SetInput(smooth->GetOutput());
  const auto in_size = image->GetLargestPossibleRegion().GetSize();
  const auto in_spacing = image->GetSpacing();
  ImageF::SpacingType spacing;
  ImageF::SizeType size;
  for (int d = 0; d < 3; ++d) {
    spacing[d] = std::max(spacing_mm, in_spacing[d]);
    size[d] = std::max<itk::SizeValueType>(
        1, static_cast<itk::SizeValueType>(in_size[d] * in_spacing[d] / spacing[d]));
  }
  resample->SetOutputSpacing(spacing);
  resample->SetSize(size);
  resample->SetOutputDirection(image->GetDirection());
  // Keep the field of view centred on the same physical box.
  ImageF::PointType origin = image->GetOrigin();
  for (int d = 0; d < 3; ++d)
    for (int r = 0; r < 3; ++r)
      origin[r] += image->GetDirection()(r, d) * 0.5 * (spacing[d] - in_spacing[d]);
  resample->SetOutputOrigin(origin);
  resample->Update();
  return resample->GetOutput();
}

ImageF::Pointer blockAveraged(const ImageF* image, double target_mm) {
  const auto in_size = image->GetLargestPossibleRegion().GetSize();
  const auto in_spacing = image->GetSpacing();
  long f[3], in[3], out_n[3];
  ImageF::SpacingType spacing;
  ImageF::SizeType size;
  for (int d = 0; d < 3; ++d) {
    in[d] = static_cast<long>(in_size[d]);
    f[d] = std::max(1L, std::lround(target_mm / in_spacing[d]));
    out_n[d] = (in[d] + f[d] - 1) / f[d];
    spacing[d] = in_spacing[d] * f[d];
    size[d] = static_cast<itk::SizeValueType>(out_n[d]);
  }
  auto out = ImageF::New();
  ImageF::RegionType region;
  region.SetSize(size);
  out->SetRegions(region);
  out->SetSpacing(spacing);
  out->SetDirection(image->GetDirection());
  // Block centres: the first block's centre is (f - 1) / 2 input voxels from the origin.
  ImageF::PointType origin = image->GetOrigin();
  for (int d = 0; d < 3; ++d)
    for (int r = 0; r < 3; ++r)
      origin[r] += image->GetDirection()(r, d) * 0.5 * (f[d] - 1) * in_spacing[d];
  out->SetOrigin(origin);
  out->Allocate(true);
  std::vector<float> count(static_cast<size_t>(out_n[0] * out_n[1] * out_n[2]), 0.0f);
  const float* src = image->GetBufferPointer();
  float* dst = out->GetBufferPointer();
  size_t i = 0;
  for (long z = 0; z < in[2]; ++z)
    for (long y = 0; y < in[1]; ++y) {
      const size_t row =
          static_cast<size_t>((z / f[2]) * out_n[1] * out_n[0] + (y / f[1]) * out_n[0]);
      for (long x = 0; x < in[0]; ++x, ++i) {
        dst[row + x / f[0]] += src[i];
        count[row + x / f[0]] += 1.0f;
      }
    }
  for (size_t k = 0; k < count.size(); ++k) dst[k] /= std::max(count[k], 1.0f);
  return out;
}

ImageF::Pointer resampledOnto(const ImageF* image, const itk::ImageBase<3>* reference,
                              const Eigen::Matrix4d& output_to_input_lps) {
  using Affine = itk::AffineTransform<double, 3>;
  auto transform = Affine::New();
  Affine::MatrixType m;
  Affine::OutputVectorType t;
  for (int r = 0; r < 3; ++r) {
    for (int c = 0; c < 3; ++c) m(r, c) = output_to_input_lps(r, c);
    t[r] = output_to_input_lps(r, 3);
  }
  transform->SetMatrix(m);
  transform->SetOffset(t);
  auto resample = itk::ResampleImageFilter<ImageF, ImageF>::New();
  resample->SetInput(image);
  resample->SetTransform(transform);
  resample->SetInterpolator(itk::LinearInterpolateImageFunction<ImageF, double>::New());
  resample->SetOutputParametersFromImage(reference);
  resample->SetDefaultPixelValue(0.0f);
  resample->Update();
  return resample->GetOutput();
}

}  // namespace tmsnav
