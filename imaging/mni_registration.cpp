#include "imaging/mni_registration.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <limits>
#include <optional>

#include <itkAffineTransform.h>
#include <itkCenteredTransformInitializer.h>
#include <itkGradientRecursiveGaussianImageFilter.h>
#include <itkImageMaskSpatialObject.h>
#include <itkImageRegistrationMethodv4.h>
#include <itkMattesMutualInformationImageToImageMetricv4.h>
#include <itkRegistrationParameterScalesFromPhysicalShift.h>
#include <itkRegularStepGradientDescentOptimizerv4.h>
#include <itkSmoothingRecursiveGaussianImageFilter.h>
#include <itkVersorRigid3DTransform.h>
#include <Eigen/LU>

#include "imaging/header_turn.h"
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

// 0.01 was measured 25 % faster, but with half the samples it let two runs of seg3d
// (threads summing in a different order) end 0.3 mm apart; at 0.001 they agree within 0.01.
constexpr double kMinStepLength = 1e-3;

// Descent iterations per pyramid level. The fine level only polishes what the coarse one
// found: on seg3d its steps were below 0.01 mm after 30 iterations, yet all 100-150 it was
// allowed ran (10 ms each). The coarse level costs a quarter per iteration and is where an
// oblique start needs room: 100 coarse and 30 fine left one oblique header rotation of the
// tests 6 mm off, 200 and 30 none. With 250/40 (rigid) and 150/40 (affine), measured: the
// known motions land where they did (0.149 and 0.135 mm), the 27 orientations within
// 0.17 mm, and seg3d's registration in `plan` takes 2.6-3.3 s instead of 3.7-4.0 s.
struct Iterations {
  int coarse = 0;
  int fine = 0;
};

using GradientFilter =
    itk::GradientRecursiveGaussianImageFilter<ImageF, Metric::MovingImageGradientImageType>;

// One level of the registration pyramid, made once and shared by every stage that runs on
// it. ITK's registration method smooths both images and filters the moving image's
// gradient again for every stage and level: on the 2 mm grid 0.04 s per smoothing and
// 0.15 s per gradient (measured), twice over for the rigid and the affine stage.
struct Level {
  ImageF::Pointer fixed, moving;
  GradientFilter::Pointer moving_gradient;  // already run on `moving`
  unsigned shrink = 1;                      // of the domain the metric's samples are drawn in
  int seed = 0;                             // of those samples: the same every run
};

struct Pyramid {
  Level coarse, fine;
};

ImageF::Pointer smoothed(const ImageF* image, double sigma_mm) {
  auto filter = itk::SmoothingRecursiveGaussianImageFilter<ImageF, ImageF>::New();
  filter->SetInput(image);
  filter->SetSigma(sigma_mm);
  filter->Update();
  return filter->GetOutput();
}

// The gradient the metric would filter itself: Gaussian of the largest spacing.
GradientFilter::Pointer gradientOf(const ImageF* image) {
  const auto spacing = image->GetSpacing();
  auto filter = GradientFilter::New();
  filter->SetInput(image);
  filter->SetSigma(std::max({spacing[0], spacing[1], spacing[2]}));
  filter->SetNormalizeAcrossScale(true);
  filter->SetUseImageDirection(true);
  filter->Update();
  return filter;
}

// The coarse level: both images smoothed by 2 mm, samples on a grid twice as coarse; the
// fine level: the images as they are. Seeds as ITK's two-level method drew them.
Pyramid pyramidOf(const ImageF::Pointer& fixed, const ImageF::Pointer& moving) {
  constexpr double kCoarseSigmaMm = 2.0;
  Pyramid p;
  p.coarse.fixed = smoothed(fixed, kCoarseSigmaMm);
  p.coarse.moving = smoothed(moving, kCoarseSigmaMm);
  p.coarse.moving_gradient = gradientOf(p.coarse.moving);
  p.coarse.shrink = 2;
  p.coarse.seed = 12345;
  p.fine.fixed = fixed;
  p.fine.moving = moving;
  p.fine.moving_gradient = gradientOf(moving);
  p.fine.seed = 12347;
  return p;
}

struct LevelResult {
  double metric = 0.0;
  double max_step_mm = 0.0;  // the optimizer's largest step, estimated on the first level
};

// max_step_mm 0: estimated from this level's sample spacing. The fine level keeps the
// coarse level's, as ITK's multi-level method does (its optimizer estimates it once).
template <class Transform>
LevelResult runLevel(const Level& level, Transform* transform, const RegistrationOptions& o,
                     const MaskObject* region, int iterations, double max_step_mm = 0.0) {
  auto metric = Metric::New();
  metric->SetNumberOfHistogramBins(32);
  if (region) metric->SetFixedImageMask(region);
  metric->SetMovingImageGradientFilter(level.moving_gradient);  // up to date: not rerun
  auto optimizer = Optimizer::New();
  optimizer->SetLearningRate(2.0);
  optimizer->SetMinimumStepLength(kMinStepLength);
  optimizer->SetRelaxationFactor(0.6);
  optimizer->SetNumberOfIterations(iterations);
  optimizer->SetGradientMagnitudeTolerance(1e-6);
  auto scales = itk::RegistrationParameterScalesFromPhysicalShift<Metric>::New();
  scales->SetMetric(metric);
  optimizer->SetScalesEstimator(scales);
  optimizer->SetDoEstimateLearningRateOnce(true);
  optimizer->SetMaximumStepSizeInPhysicalUnits(max_step_mm);
  using Method = itk::ImageRegistrationMethodv4<ImageF, ImageF, Transform>;
  auto reg = Method::New();
  reg->SetFixedImage(level.fixed);
  reg->SetMovingImage(level.moving);
  reg->SetMetric(metric);
  reg->SetOptimizer(optimizer);
  reg->SetInitialTransform(transform);
  reg->InPlaceOn();
  reg->SetNumberOfLevels(1);
  typename Method::ShrinkFactorsArrayType shrink(1);
  shrink[0] = level.shrink;
  reg->SetShrinkFactorsPerLevel(shrink);
  typename Method::SmoothingSigmasArrayType sigmas(1);
  sigmas[0] = 0.0;  // smoothed once, in pyramidOf
  reg->SetSmoothingSigmasPerLevel(sigmas);
  reg->SetMetricSamplingStrategy(Method::MetricSamplingStrategyEnum::RANDOM);
  reg->SetMetricSamplingPercentage(o.sampling_fraction);
  reg->MetricSamplingReinitializeSeed(level.seed);  // deterministic
  reg->Update();
  return {optimizer->GetValue(), optimizer->GetMaximumStepSizeInPhysicalUnits()};
}

template <class Transform>
double runStage(const Pyramid& pyramid, Transform* transform, const RegistrationOptions& o,
                const MaskObject* region, Iterations iterations) {
  const auto coarse = runLevel(pyramid.coarse, transform, o, region, iterations.coarse);
  return runLevel(pyramid.fine, transform, o, region, iterations.fine, coarse.max_step_mm).metric;
}

// The 24 rotations that map the axes onto the axes: every orientation a scanner or a PACS
// may store a head in.
std::vector<Eigen::Matrix3d> axisRotations() {
  std::vector<Eigen::Matrix3d> out;
  std::array<int, 3> perm{0, 1, 2};
  do {
    for (int signs = 0; signs < 8; ++signs) {
      Eigen::Matrix3d m = Eigen::Matrix3d::Zero();
      for (int r = 0; r < 3; ++r) m(r, perm[r]) = (signs >> r & 1) ? -1.0 : 1.0;
      if (m.determinant() > 0) out.push_back(m);
    }
  } while (std::next_permutation(perm.begin(), perm.end()));
  return out;
}

// A rotation about coordinate axis 0, 1 or 2 (no Eigen/Geometry here: ITK's transform
// headers bring their own Eigen).
Eigen::Matrix3d turnAbout(int axis, double rad) {
  const int a = (axis + 1) % 3, b = (axis + 2) % 3;
  Eigen::Matrix3d m = Eigen::Matrix3d::Identity();
  m(a, a) = m(b, b) = std::cos(rad);
  m(a, b) = -std::sin(rad);
  m(b, a) = std::sin(rad);
  return m;
}

// Candidate starts: each axis rotation, alone and turned 30 degrees about each axis, so
// that any orientation (oblique ones too) is within reach of a short rigid descent.
std::vector<Eigen::Matrix3d> candidateRotations() {
  constexpr double kTurnRad = 30.0 * 3.14159265358979323846 / 180.0;
  std::vector<Eigen::Matrix3d> turns = {Eigen::Matrix3d::Identity()};
  for (int axis = 0; axis < 3; ++axis)
    for (double sign : {-1.0, 1.0}) turns.push_back(turnAbout(axis, sign * kTurnRad));
  std::vector<Eigen::Matrix3d> out;
  for (const auto& a : axisRotations())
    for (const auto& t : turns) out.push_back(a * t);
  return out;
}

void setRotation(Rigid* t, const Eigen::Matrix3d& r) {
  Rigid::MatrixType m;
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j) m(i, j) = r(i, j);
  t->SetMatrix(m, 1e-6);
}

// Mattes MI of the template and the subject through `t`, ready to score (no gradients);
// `t` may change between GetValue calls.
Metric::Pointer scoringMetric(const ImageF* fixed, const ImageF* moving, Rigid* t,
                              const MaskObject* region) {
  auto metric = Metric::New();
  metric->SetNumberOfHistogramBins(32);
  if (region) metric->SetFixedImageMask(region);
  metric->SetUseMovingImageGradientFilter(false);
  metric->SetUseFixedImageGradientFilter(false);
  metric->SetFixedImage(fixed);
  metric->SetMovingImage(moving);
  metric->SetMovingTransform(t);
  metric->Initialize();
  return metric;
}

// Turns `rigid` (centred on the moments) to the orientation where the head matches best:
// every candidate scored on an 8 mm grid, the best few refined there by a short rigid
// descent, and the refined ones compared on a 4 mm grid (at 8 mm a flipped head can
// score as well as the right one).
// The angle of a rotation matrix, in radians.
double rotationAngleRad(const Eigen::Matrix3d& r) {
  return std::acos(std::clamp((r.trace() - 1.0) / 2.0, -1.0, 1.0));
}

// A candidate the image's header agrees with: within one 30-degree turn of the header's
// own axes (the head tilted in the scanner, not stored in another orientation).
bool agreesWithHeader(const Eigen::Matrix3d& r) {
  return rotationAngleRad(r) <= kHeaderAgreementDeg * 3.14159265358979323846 / 180.0 + 1e-9;
}

struct Orientations {
  Eigen::Matrix3d best = Eigen::Matrix3d::Identity();  // of every candidate
  // The best of those the header agrees with, when `best` is not one of them.
  std::optional<Eigen::Matrix3d> header;
};

// Refines `start` briefly and scores it at the judging resolution.
std::pair<double, Eigen::Matrix3d> refined(const Pyramid& pyramid, const ImageF* fixed_fine,
                                           const ImageF* moving_fine, const Rigid* rigid,
                                           const Eigen::Matrix3d& start,
                                           const RegistrationOptions& o,
                                           const MaskObject* region) {
  constexpr Iterations kRefineIterations{40, 40};
  auto c = Rigid::New();
  c->SetCenter(rigid->GetCenter());
  c->SetTranslation(rigid->GetTranslation());
  setRotation(c, start);
  runStage(pyramid, c.GetPointer(), o, region, kRefineIterations);
  const double value = scoringMetric(fixed_fine, moving_fine, c, region)->GetValue();
  Eigen::Matrix3d r;
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j) r(i, j) = c->GetMatrix()(i, j);
  return {value, r};
}

Orientations chooseOrientation(const ImageF* template_image, const ImageF* subject_image,
                               const Rigid* rigid, const RegistrationOptions& o,
                               const MaskObject* region) {
  constexpr double kSearchSpacingMm = 8.0, kJudgeSpacingMm = 4.0;
  constexpr size_t kRefined = 4;
  auto fixed = blockAveraged(template_image, kSearchSpacingMm);
  auto moving = blockAveraged(subject_image, kSearchSpacingMm);
  // One metric, initialised once: only the transform changes between candidates.
  auto t = Rigid::New();
  t->SetCenter(rigid->GetCenter());
  t->SetTranslation(rigid->GetTranslation());
  auto metric = scoringMetric(fixed, moving, t, region);
  std::vector<std::pair<double, Eigen::Matrix3d>> scored;
  for (const auto& r : candidateRotations()) {
    if (o.orientation == OrientationPolicy::Header && !agreesWithHeader(r)) continue;
    setRotation(t, r);
    scored.emplace_back(metric->GetValue(), r);
  }
  std::sort(scored.begin(), scored.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  const auto fixed_fine = blockAveraged(template_image, kJudgeSpacingMm);
  const auto moving_fine = blockAveraged(subject_image, kJudgeSpacingMm);
  const Pyramid pyramid = pyramidOf(fixed, moving);
  Orientations out;
  double best = std::numeric_limits<double>::infinity();
  bool best_from_header = true;  // the winner started from a candidate the header agrees with
  for (size_t i = 0; i < std::min(kRefined, scored.size()); ++i) {
    const auto [value, r] =
        refined(pyramid, fixed_fine, moving_fine, rigid, scored[i].second, o, region);
    if (value < best) best = value, out.best = r, best_from_header = agreesWithHeader(scored[i].second);
  }
  if (o.orientation != OrientationPolicy::Auto || best_from_header) return out;
  // The search turns the head away from its header. Real scanners' headers are almost
  // always right, so the header's own best start is registered too, and the anatomy
  // decides between them (registration_quality.h chooseRegistration).
  for (const auto& [value, r] : scored)
    if (agreesWithHeader(r)) {
      out.header = refined(pyramid, fixed_fine, moving_fine, rigid, r, o, region).second;
      break;
    }
  return out;
}

// Turns the image's header by `r` about the world origin (p -> r p): its voxels stay.
void turnHeader(ImageF* image, const Eigen::Matrix3d& r) {
  ImageF::DirectionType d = image->GetDirection(), turned;
  const auto o = image->GetOrigin();
  ImageF::PointType origin;
  for (int i = 0; i < 3; ++i) {
    origin[i] = 0.0;
    for (int k = 0; k < 3; ++k) origin[i] += r(i, k) * o[k];
    for (int j = 0; j < 3; ++j) {
      turned(i, j) = 0.0;
      for (int k = 0; k < 3; ++k) turned(i, j) += r(i, k) * d(k, j);
    }
  }
  image->SetDirection(turned);
  image->SetOrigin(origin);
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

Result<OrientationPolicy> parseOrientationPolicy(const std::string& text) {
  if (text == "auto") return OrientationPolicy::Auto;
  if (text == "header") return OrientationPolicy::Header;
  if (text == "anatomy") return OrientationPolicy::Anatomy;
  return Error{"orientation must be auto, header or anatomy, not '" + text + "'"};
}

Eigen::Vector3d MniRegistration::toSubject(const Eigen::Vector3d& p) const {
  return (mni_to_subject * p.homogeneous()).head<3>();
}

Eigen::Vector3d MniRegistration::toMni(const Eigen::Vector3d& p) const {
  return (subject_to_mni * p.homogeneous()).head<3>();
}

namespace {
// A rigid transform that puts the moving image's centre of mass on the fixed image's.
Rigid::Pointer centredOnMoments(const ImageF* fixed, const ImageF* moving) {
  auto rigid = Rigid::New();
  auto init = itk::CenteredTransformInitializer<Rigid, ImageF, ImageF>::New();
  init->SetTransform(rigid);
  init->SetFixedImage(fixed);
  init->SetMovingImage(moving);
  init->MomentsOn();
  init->InitializeTransform();
  return rigid;
}

// Rigid then affine from the subject turned upright by `upright_to_subject` (in a working
// copy's header), the turn composed back into the result.
MniRegistration registerUpright(const ImageF::Pointer& fixed, const ImageF* subject_image,
                                const Eigen::Matrix3d& upright_to_subject,
                                const RegistrationOptions& options, const MaskObject* region) {
  auto moving = ImageF::New();
  moving->Graft(subject_image);  // shares the voxels; the header is this copy's own
  moving->SetDirection(subject_image->GetDirection());
  moving->SetOrigin(subject_image->GetOrigin());
  turnHeader(moving, upright_to_subject.transpose());
  auto rigid = centredOnMoments(fixed, moving);  // the moments of the upright head
  const Pyramid pyramid = pyramidOf(fixed, moving);  // after the turn: gradients follow it
  runStage(pyramid, rigid.GetPointer(), options, region, Iterations{250, 40});
  auto affine = Affine::New();
  affine->SetCenter(rigid->GetCenter());
  affine->SetMatrix(rigid->GetMatrix());
  affine->SetTranslation(rigid->GetTranslation());
  MniRegistration r;
  r.final_metric = runStage(pyramid, affine.GetPointer(), options, region, Iterations{150, 40});
  Eigen::Matrix4d turn = Eigen::Matrix4d::Identity();
  turn.topLeftCorner<3, 3>() = upright_to_subject;
  r.mni_to_subject = turn * toEigen(affine);
  r.subject_to_mni = r.mni_to_subject.inverse();
  r.scale_determinant = r.mni_to_subject.topLeftCorner<3, 3>().determinant();
  r.header_turn_deg = headerTurnDeg(r.mni_to_subject);
  if (!std::isfinite(r.scale_determinant) || r.scale_determinant < 0.5 ||
      r.scale_determinant > 2.0)
    r.warnings.push_back("registration scales the head by an implausible factor; check the result");
  if (r.final_metric > -0.3)
    r.warnings.push_back("registration similarity is low; check the result");
  return r;
}
}  // namespace

Result<MniRegistration> registerToMni(const Volume& subject, const Volume& template_volume,
                                      const RegistrationOptions& options,
                                      const Progress& progress) {
  const auto t0 = std::chrono::steady_clock::now();
  try {
    progress(0.0, "registration: resampling");
    // Fixed = template, moving = subject: ITK's transform then maps MNI points to the subject.
    // Block averages, not a Gaussian then a resampling: 0.05 s instead of 0.6 s for the two
    // images, and the known motions of the tests landed closer (0.13-0.15 mm instead of
    // 0.20 mm at the DLPFC), the pyramid smoothing the coarse level anyway.
    auto fixed = blockAveraged(template_volume.image, options.finest_spacing_mm);
    auto moving = blockAveraged(subject.image, options.finest_spacing_mm);
    if (progress.cancelled()) return Error{"cancelled"};
    const auto region = metricRegion(options);
    // A head stored in another orientation is turned upright in its (working copy's) header
    // first: the descent then starts near the identity, where it is reliable.
    double orientation_s = 0.0;
    Orientations starts;
    if (options.search_orientation) {
      progress(0.1, "registration: orientation");
      const auto ts = std::chrono::steady_clock::now();
      starts = chooseOrientation(fixed, moving, centredOnMoments(fixed, moving), options, region);
      orientation_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - ts).count();
      if (progress.cancelled()) return Error{"cancelled"};
    }
    progress(0.2, "registration: rigid and affine");
    MniRegistration r = registerUpright(fixed, moving, starts.best, options, region);
    if (starts.header) {
      if (progress.cancelled()) return Error{"cancelled"};
      r.alternatives.push_back(registerUpright(fixed, moving, *starts.header, options, region));
    }
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    r.orientation_search_seconds = orientation_s;
    progress(1.0, "registration");
    return r;
  } catch (const itk::ExceptionObject& e) {
    return Error{"MNI registration failed: " + firstLine(e.GetDescription())};
  }
}

}  // namespace tmsnav
