#include "imaging/contrast_check.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "imaging/mask_ops.h"
#include "imaging/resample.h"

namespace tmsnav {

namespace {
constexpr double kGridMm = 2.0;   // large regions: a coarse grid is enough
constexpr double kDeepMm = 12.0;  // away from the cortex, where only white matter and
                                  // the ventricles are
constexpr double kWhiteQuantile = 0.70, kVentricleQuantile = 0.05;
constexpr double kRimOuterMm = 1.0, kRimInnerMm = 5.0;  // the cortical rim: this far inside
constexpr double kRimQuantile = 0.75;  // its brighter part: grey matter, not sulcal CSF

double quantile(std::vector<float> v, double q) {
  const size_t k = static_cast<size_t>(q * (v.size() - 1));
  std::nth_element(v.begin(), v.begin() + k, v.end());
  return v[k];
}

}  // namespace

Result<ImageF::Pointer> templateContrastRegions(const Volume& template_t1,
                                                const Volume& template_brain) try {
  auto t1 = blockAveraged(template_t1.image, kGridMm);
  auto brain_f = blockAveraged(template_brain.image, kGridMm);
  auto brain = newMaskLike(brain_f);
  const size_t n = brain_f->GetLargestPossibleRegion().GetNumberOfPixels();
  for (size_t i = 0; i < n; ++i) brain->GetBufferPointer()[i] = brain_f->GetBufferPointer()[i] > 0;
  fillHoles(brain);
  const auto depth = signedDistanceMm(brain);  // negative inside
  std::vector<float> deep;
  for (size_t i = 0; i < n; ++i)
    if (depth->GetBufferPointer()[i] <= -kDeepMm) deep.push_back(t1->GetBufferPointer()[i]);
  auto regions = ImageF::New();
  regions->CopyInformation(t1);
  regions->SetRegions(t1->GetLargestPossibleRegion());
  regions->Allocate(true);
  if (deep.size() < 100) return Error{"the template brain has no deep region"};
  const double white = quantile(deep, kWhiteQuantile),
               ventricle = quantile(deep, kVentricleQuantile);
  for (size_t i = 0; i < n; ++i) {
    const float d = depth->GetBufferPointer()[i];
    if (d <= -kRimOuterMm && d >= -kRimInnerMm) regions->GetBufferPointer()[i] = 3.0f;
    if (d > -kDeepMm) continue;
    const float v = t1->GetBufferPointer()[i];
    regions->GetBufferPointer()[i] = v >= white ? 1.0f : v <= ventricle ? 2.0f : 0.0f;
  }
  return regions;
} catch (const itk::ExceptionObject& e) {
  return Error{"template contrast regions: " + firstLine(e.GetDescription())};
}

Result<ContrastFigures> contrastFigures(const Volume& subject, const MaskImage* subject_brain,
                                        const ImageF* regions,
                                        const MniRegistration& registration) {
  if (!subject_brain || !regions) return Error{"no brain mask or template regions"};
  if (!registration.subject_to_mni.allFinite()) return Error{"the registration is not finite"};
  const auto s = blockAveraged(subject.image, kGridMm);
  const auto inside = blockAveraged(maskAsFloat(subject_brain), kGridMm);
  // Nearest-region lookup: each subject block takes the label at its template position.
  std::vector<float> white, ventricle, rim;
  const auto size = s->GetLargestPossibleRegion().GetSize();
  ImageF::IndexType idx;
  size_t i = 0;
  for (idx[2] = 0; idx[2] < static_cast<long>(size[2]); ++idx[2])
    for (idx[1] = 0; idx[1] < static_cast<long>(size[1]); ++idx[1])
      for (idx[0] = 0; idx[0] < static_cast<long>(size[0]); ++idx[0], ++i) {
        if (inside->GetBufferPointer()[i] < 0.99f) continue;
        ImageF::PointType p;
        s->TransformIndexToPhysicalPoint(idx, p);
        const Eigen::Vector3d mni = registration.toMni({p[0], p[1], p[2]});
        ImageF::PointType q;
        for (int d = 0; d < 3; ++d) q[d] = mni[d];
        ImageF::IndexType t;
        if (!regions->TransformPhysicalPointToIndex(q, t)) continue;
        const float label = regions->GetPixel(t), v = s->GetBufferPointer()[i];
        if (!std::isfinite(v)) continue;
        if (label == 1.0f) white.push_back(v);
        if (label == 2.0f) ventricle.push_back(v);
        if (label == 3.0f) rim.push_back(v);
      }
  if (white.size() < 50 || ventricle.size() < 10 || rim.size() < 50)
    return Error{"too little deep brain to judge the image contrast"};
  const double w = quantile(white, 0.5), c = quantile(ventricle, 0.5),
               g = quantile(rim, kRimQuantile);
  ContrastFigures f;
  // Black ventricles (or rim) under bright white matter: a T1.
  f.white_to_ventricle = c > 0 ? w / c : (w > 0 ? 1e3 : 1.0);
  f.white_to_grey = g > 0 ? w / g : (w > 0 ? 1e3 : 1.0);
  return f;
}

Result<Done> requireT1Contrast(const ContrastFigures& f) {
  char text[320];
  if (f.white_to_ventricle < kMinWhiteToVentricleRatio) {
    std::snprintf(text, sizeof text,
                  "the image does not look T1-weighted: its deep white matter is %.1f times as "
                  "bright as its ventricles (a T1 has more than %.1f); T2 and proton-density "
                  "images cannot be segmented into tissue",
                  f.white_to_ventricle, kMinWhiteToVentricleRatio);
    return Error{text};
  }
  if (f.white_to_grey < kMinWhiteToGreyRatio) {
    std::snprintf(text, sizeof text,
                  "too little grey/white contrast to model the brain: the white matter is "
                  "not brighter than the cortex (white/grey %.2f; a brain model needs more "
                  "than %.2f), as in a low-resolution or weakly T1-weighted scan or a FLAIR; "
                  "the scalp and MNI targets remain, for the cortex load a sharper T1",
                  f.white_to_grey, kMinWhiteToGreyRatio);
    return Error{text};
  }
  return Done{};
}

}  // namespace tmsnav
