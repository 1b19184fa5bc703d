// ITK first: its transform headers carry ITK's own Eigen, which must be seen before the
// system Eigen (the imaging library gets the same order from its precompiled header).
#include <itkAffineTransform.h>
#include <itkResampleImageFilter.h>

#include <random>

#include <Eigen/LU>

#include "tests/support/moved_volume.h"

namespace tmsnav::test {

Volume movedVolume(const Volume& source, const Eigen::Matrix4d& mni_to_subject, float noise_sigma,
                   unsigned seed) {
  using Affine = itk::AffineTransform<double, 3>;
  auto subject_to_mni = Affine::New();  // Resample maps output (subject) points to input points
  const Eigen::Matrix4d inv = mni_to_subject.inverse();
  Affine::MatrixType m;
  Affine::OutputVectorType t;
  for (int r = 0; r < 3; ++r) {
    for (int c = 0; c < 3; ++c) m(r, c) = inv(r, c);
    t[r] = inv(r, 3);
  }
  subject_to_mni->SetMatrix(m);
  subject_to_mni->SetOffset(t);
  auto resample = itk::ResampleImageFilter<ImageF, ImageF>::New();
  resample->SetInput(source.image);
  resample->SetTransform(subject_to_mni);
  resample->SetOutputParametersFromImage(source.image);
  resample->SetDefaultPixelValue(0);
  resample->Update();
  Volume v;
  v.image = resample->GetOutput();
  v.source = "synthetic";
  std::mt19937 rng(seed);
  std::normal_distribution<float> noise(0.0f, noise_sigma);
  const auto size = v.image->GetLargestPossibleRegion().GetSize();
  float* p = v.image->GetBufferPointer();
  for (size_t z = 0, i = 0; z < size[2]; ++z)
    for (size_t y = 0; y < size[1]; ++y)
      for (size_t x = 0; x < size[0]; ++x, ++i) {
        const float bias =
            0.85f + 0.3f * static_cast<float>(x + y) / static_cast<float>(size[0] + size[1]);
        p[i] = std::max(0.0f, p[i] * bias + noise(rng));
      }
  return v;
}

}  // namespace tmsnav::test
