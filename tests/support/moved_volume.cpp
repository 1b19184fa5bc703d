// ITK first: its transform headers carry ITK's own Eigen, which must be seen before the
// system Eigen (the imaging library gets the same order from its precompiled header).
#include <itkConstantPadImageFilter.h>
#include <itkPermuteAxesImageFilter.h>

#include <cmath>
#include <random>

#include <Eigen/LU>

#include "imaging/resample.h"
#include "tests/support/moved_volume.h"


namespace tmsnav::test {

Volume movedVolume(const Volume& source, const Eigen::Matrix4d& mni_to_subject, float noise_sigma,
                   unsigned seed, bool bias) {
  Volume v;
  v.image = resampledOnto(source.image, source.image, mni_to_subject.inverse());
  v.source = "synthetic";
  std::mt19937 rng(seed);
  std::normal_distribution<float> noise(0.0f, noise_sigma);
  const auto size = v.image->GetLargestPossibleRegion().GetSize();
  float* p = v.image->GetBufferPointer();
  for (size_t z = 0, i = 0; z < size[2]; ++z)
    for (size_t y = 0; y < size[1]; ++y)
      for (size_t x = 0; x < size[0]; ++x, ++i) {
        const float gain =
            bias ? 0.85f + 0.3f * static_cast<float>(x + y) / static_cast<float>(size[0] + size[1])
                 : 1.0f;
        p[i] = std::max(0.0f, p[i] * gain + (noise_sigma > 0.0f ? noise(rng) : 0.0f));
      }
  return v;
}

Volume paddedVolume(const Volume& source, double pad_mm) {
  auto pad = itk::ConstantPadImageFilter<ImageF, ImageF>::New();
  pad->SetInput(source.image);
  ImageF::SizeType bound;
  for (int d = 0; d < 3; ++d)
    bound[d] = static_cast<itk::SizeValueType>(std::ceil(pad_mm / source.image->GetSpacing()[d]));
  pad->SetPadLowerBound(bound);
  pad->SetPadUpperBound(bound);
  pad->SetConstant(0.0f);
  pad->Update();
  // Re-index from 0 (ITK pads by extending the region to negative indices).
  ImageF::Pointer out = pad->GetOutput();
  ImageF::PointType origin;
  out->TransformIndexToPhysicalPoint(out->GetLargestPossibleRegion().GetIndex(), origin);
  ImageF::RegionType region(out->GetLargestPossibleRegion().GetSize());
  out->SetRegions(region);
  out->SetOrigin(origin);
  Volume v;
  v.image = out;
  v.source = "synthetic";
  return v;
}

Volume headerRotatedVolume(const Volume& source, const Eigen::Matrix3d& q,
                           const Eigen::Vector3d& centre) {
  auto image = ImageF::New();
  image->Graft(source.image);  // shares the voxels; the header below is this copy's own
  image->SetRegions(source.image->GetLargestPossibleRegion());
  ImageF::DirectionType d = source.image->GetDirection(), rotated;
  for (int r = 0; r < 3; ++r)
    for (int c = 0; c < 3; ++c) {
      rotated(r, c) = 0.0;
      for (int k = 0; k < 3; ++k) rotated(r, c) += q(r, k) * d(k, c);
    }
  image->SetDirection(rotated);
  const auto o = source.image->GetOrigin();
  const Eigen::Vector3d origin = q * (Eigen::Vector3d(o[0], o[1], o[2]) - centre) + centre;
  image->SetOrigin(origin.data());
  Volume v;
  v.image = image;
  v.source = "synthetic";
  return v;
}

Volume permutedVolume(const Volume& source, const std::array<unsigned, 3>& order) {
  auto permute = itk::PermuteAxesImageFilter<ImageF>::New();
  permute->SetInput(source.image);
  itk::FixedArray<unsigned int, 3> o;
  for (int d = 0; d < 3; ++d) o[d] = order[d];
  permute->SetOrder(o);
  permute->Update();
  Volume v;
  v.image = permute->GetOutput();
  v.source = "synthetic";
  return v;
}

}  // namespace tmsnav::test
