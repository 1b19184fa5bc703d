#include "imaging/mni_registration.h"

#include <algorithm>
#include <chrono>
#include <cmath>

#include <itkAffineTransform.h>
#include <itkCenteredTransformInitializer.h>
#include <itkImageMaskSpatialObject.h>
#include <itkImageRegistrationMethodv4.h>
#include <itkMattesMutualInformationImageToImageMetricv4.h>
#include <itkRegistrationParameterScalesFromPhysicalShift.h>
#include <itkRegularStepGradientDescentOptimizerv4.h>
#include <itkVersorRigid3DTransform.h>
#include <Eigen/LU>

#include "imaging/mask_ops.h"
#include "imaging/resample.h"

namespace tmsnav {

namespace {
using Rigid = itk::VersorRigid3DTransform<double>;
using Affine = itk::AffineTransform<double, 3>;
using Metric = itk::MattesMutualInformationImageToImageMetricv4<ImageF, ImageF>;
using Optimizer = itk::RegularStepGradientDescentOptimizerv4<double>;

using MaskObject = itk::ImageMaskSpatialObject<3>;

// The template's head widened by the margin, as the metric's fixed-image region.
MaskObject::Pointer metricRegion(const RegistrationOptions& o) {
  if (!o.template_head) return nullptr;
  auto region = newMaskLike(o.template_head);
  const size_t n = o.template_head->GetLargestPossibleRegion().GetNumberOfPixels();
  std::copy_n(o.template_head->GetBufferPointer(), n, region->GetBufferPointer());
  dilateMask(region, o.metric_margin_mm);
  auto object = MaskObject::New();
  object->SetImage(region);
  object->Update();
  return object;
}

template <class Transform>
double runStage(const ImageF* fixed, const ImageF* moving, Transform* transform,
                const RegistrationOptions& o, const MaskObject* region, int iterations) {
  auto metric = Metric::New();
  metric->SetNumberOfHistogramBins(32);
  if (region) metric->SetFixedImageMask(region);
  auto optimizer = Optimizer::New();
  optimizer->SetLearningRate(2.0);
  optimizer->SetMinimumStepLength(1e-3);
  optimizer->SetRelaxationFactor(0.6);
  optimizer->SetNumberOfIterations(iterations);
  optimizer->SetGradientMagnitudeTolerance(1e-6);
  auto scales = itk::RegistrationParameterScalesFromPhysicalShift<Metric>::New();
  scales->SetMetric(metric);
  optimizer->SetScalesEstimator(scales);
  optimizer->SetDoEstimateLearningRateOnce(true);
  using Method = itk::ImageRegistrationMethodv4<ImageF, ImageF, Transform>;
  auto reg = Method::New();
  reg->SetFixedImage(fixed);
  reg->SetMovingImage(moving);
  reg->SetMetric(metric);
  reg->SetOptimizer(optimizer);
  reg->SetInitialTransform(transform);
  reg->InPlaceOn();
  reg->SetNumberOfLevels(2);
  typename Method::ShrinkFactorsArrayType shrink(2);
  shrink[0] = 2, shrink[1] = 1;
  reg->SetShrinkFactorsPerLevel(shrink);
  typename Method::SmoothingSigmasArrayType sigmas(2);
  sigmas[0] = 2.0, sigmas[1] = 0.0;
  reg->SetSmoothingSigmasPerLevel(sigmas);
  reg->SetSmoothingSigmasAreSpecifiedInPhysicalUnits(true);
  reg->SetMetricSamplingStrategy(Method::MetricSamplingStrategyEnum::RANDOM);
  reg->SetMetricSamplingPercentage(o.sampling_fraction);
  reg->MetricSamplingReinitializeSeed(12345);  // deterministic
  reg->Update();
  return optimizer->GetValue();
}

Eigen::Matrix4d toEigen(const Affine* a) {
  Eigen::Matrix4d m = Eigen::Matrix4d::Identity();
  for (int r = 0; r < 3; ++r) {
    for (int c = 0; c < 3; ++c) m(r, c) = a->GetMatrix()(r, c);
    m(r, 3) = a->GetOffset()[r];
  }
  return m;
}
}  // namespace

Eigen::Vector3d MniRegistration::toSubject(const Eigen::Vector3d& p) const {
  return (mni_to_subject * p.homogeneous()).head<3>();
}

Eigen::Vector3d MniRegistration::toMni(const Eigen::Vector3d& p) const {
  return (subject_to_mni * p.homogeneous()).head<3>();
}

Result<MniRegistration> registerToMni(const Volume& subject, const Volume& template_volume,
                                      const RegistrationOptions& options,
                                      const Progress& progress) {
  const auto t0 = std::chrono::steady_clock::now();
  try {
    progress(0.0, "registration: resampling");
    // Fixed = template, moving = subject: ITK's transform then maps MNI points to the subject.
    auto fixed = downsampled(template_volume.image, options.finest_spacing_mm);
    auto moving = downsampled(subject.image, options.finest_spacing_mm);
    if (progress.cancelled()) return Error{"cancelled"};
    const auto region = metricRegion(options);

    auto rigid = Rigid::New();
    auto init = itk::CenteredTransformInitializer<Rigid, ImageF, ImageF>::New();
    init->SetTransform(rigid);
    init->SetFixedImage(fixed);
    init->SetMovingImage(moving);
    init->MomentsOn();
    init->InitializeTransform();
    progress(0.2, "registration: rigid");
    runStage(fixed.GetPointer(), moving.GetPointer(), rigid.GetPointer(), options, region, 100);
    if (progress.cancelled()) return Error{"cancelled"};

    auto affine = Affine::New();
    affine->SetCenter(rigid->GetCenter());
    affine->SetMatrix(rigid->GetMatrix());
    affine->SetTranslation(rigid->GetTranslation());
    progress(0.6, "registration: affine");
    MniRegistration r;
    r.final_metric = runStage(fixed.GetPointer(), moving.GetPointer(), affine.GetPointer(), options,
                              region, 150);
    r.mni_to_subject = toEigen(affine);
    r.subject_to_mni = r.mni_to_subject.inverse();
    r.scale_determinant = r.mni_to_subject.topLeftCorner<3, 3>().determinant();
    if (!std::isfinite(r.scale_determinant) || r.scale_determinant < 0.5 ||
        r.scale_determinant > 2.0)
      r.warnings.push_back(
          "registration scales the head by an implausible factor; check the result");
    if (r.final_metric > -0.3)
      r.warnings.push_back("registration similarity is low; check the result");
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    progress(1.0, "registration");
    return r;
  } catch (const itk::ExceptionObject& e) {
    return Error{"MNI registration failed: " + firstLine(e.GetDescription())};
  }
}

}  // namespace tmsnav
