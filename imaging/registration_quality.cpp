#include "imaging/registration_quality.h"

#include <algorithm>
#include <cstdio>
#include <vector>

#include "imaging/head_segmenter.h"
#include "imaging/mask_ops.h"
#include "imaging/resample.h"

namespace tmsnav {

namespace {
constexpr double kTemplateHeadGridMm = 4.0;

}  // namespace

Result<MaskImage::Pointer> templateHeadMask(const Volume& template_t1) {
  if (!template_t1.image) return Error{"no template"};
  Volume coarse;
  coarse.image = blockAveraged(template_t1.image, kTemplateHeadGridMm);
  auto head = segmentHead(coarse, {}, {});
  if (!head) return Error{"template head: " + head.error()};
  return head->mask;
}

Result<double> registeredHeadDice(const MaskImage* subject_head, const MaskImage* templ,
                                  const MniRegistration& registration) {
  return registeredHeadDice(subject_head, templ, registration, kAboveNeckRasMm);
}

Result<double> registeredHeadDice(const MaskImage* subject_head, const MaskImage* templ,
                                  const MniRegistration& registration, const MniBoxRasMm& box) {
  if (!subject_head || !templ) return Error{"no head mask or template head"};
  if (!registration.subject_to_mni.allFinite()) return Error{"the registration is not finite"};
  // The subject's head as the fraction of each coarse block inside it.
  const auto subject = blockAveraged(maskAsFloat(subject_head), kQualityGridMm);
  const float* frac = subject->GetBufferPointer();
  const auto size = subject->GetLargestPossibleRegion().GetSize();
  size_t both = 0, in_subject = 0, in_template = 0;
  size_t i = 0;
  ImageF::IndexType idx;
  for (idx[2] = 0; idx[2] < static_cast<long>(size[2]); ++idx[2])
    for (idx[1] = 0; idx[1] < static_cast<long>(size[1]); ++idx[1])
      for (idx[0] = 0; idx[0] < static_cast<long>(size[0]); ++idx[0], ++i) {
        ImageF::PointType p;
        subject->TransformIndexToPhysicalPoint(idx, p);
        const Eigen::Vector3d mni = registration.toMni({p[0], p[1], p[2]});
        if (!mni.allFinite() || !box.contains(mni)) continue;
        MaskImage::PointType q;
        for (int d = 0; d < 3; ++d) q[d] = mni[d];
        MaskImage::IndexType t;
        const bool t_in = templ->TransformPhysicalPointToIndex(q, t) && templ->GetPixel(t) != 0;
        const bool s_in = frac[i] > 0.5f;
        both += t_in && s_in;
        in_subject += s_in;
        in_template += t_in;
      }
  if (in_subject + in_template == 0) return Error{"the head and the template do not overlap"};
  return 2.0 * static_cast<double>(both) / static_cast<double>(in_subject + in_template);
}

Result<Done> assessRegistration(MniRegistration& registration, const MaskImage* subject_head,
                                const MaskImage* template_head) {
  auto dice = registeredHeadDice(subject_head, template_head, registration);
  if (!dice) return Error{dice.error()};
  registration.head_dice = *dice;
  if (*dice < kMinRegisteredHeadDice) {
    char text[160];
    std::snprintf(text, sizeof text,
                  "the registered template head overlaps the subject's head poorly (Dice %.2f "
                  "< %.2f); check the MNI registration",
                  *dice, kMinRegisteredHeadDice);
    registration.warnings.push_back(text);
  }
  if (*dice < kUnusableHeadDice && !registration.unusable) {
    char text[320];
    std::snprintf(text, sizeof text,
                  "the MNI registration does not fit this head (head overlap Dice %.2f < %.2f): "
                  "MNI, atlas and scalp-rule targets would be misplaced; check that the image "
                  "is a T1 of a head, or place the target and landmarks by hand",
                  *dice, kUnusableHeadDice);
    registration.unusable = text;
  }
  return Done{};
}

namespace {
struct Fit {
  double head = 0.0, face = 0.0;
};

Result<Fit> fitOf(const MniRegistration& r, const MaskImage* subject_head,
                  const MaskImage* template_head) {
  auto head = registeredHeadDice(subject_head, template_head, r);
  if (!head) return Error{head.error()};
  auto face = registeredHeadDice(subject_head, template_head, r, kFaceRasMm);
  return Fit{*head, face ? *face : 0.0};  // no face in the field of view: no evidence
}
}  // namespace

Result<Done> chooseRegistration(MniRegistration& registration, const MaskImage* subject_head,
                                const MaskImage* template_head) {
  if (registration.alternatives.empty())
    return assessRegistration(registration, subject_head, template_head);
  MniRegistration header = std::move(registration.alternatives.front());
  MniRegistration turned = std::move(registration);
  turned.alternatives.clear();
  auto fit_turned = fitOf(turned, subject_head, template_head);
  auto fit_header = fitOf(header, subject_head, template_head);
  if (!fit_turned) return Error{fit_turned.error()};
  if (!fit_header) return Error{fit_header.error()};
  char figures[240];
  std::snprintf(figures, sizeof figures,
                "head overlap Dice %.3f turned against %.3f as in the header, face %.2f against "
                "%.2f",
                fit_turned->head, fit_header->head, fit_turned->face, fit_header->face);
  // The face alone does not decide: a registration turned the wrong way carries Colin27's
  // face onto tissue just as well (face Dice 0.97-1.00 for 3 of the 24 header turns
  // against 0.98 for the right one), so it is reported, not weighed.
  const bool anatomy_wins = fit_turned->head >= fit_header->head + kHeaderOverrideDiceMargin &&
                            fit_turned->head >= kUnusableHeadDice;
  const bool header_holds = fit_header->head >= kUnusableHeadDice &&
                            fit_header->head + kHeaderOverrideDiceMargin > fit_turned->head;
  char text[640];
  if (anatomy_wins) {
    registration = std::move(turned);
    std::snprintf(text, sizeof text,
                  "the image header's orientation disagrees with the head's anatomy by %.0f "
                  "degrees (%s): the anatomy's orientation was used; if the header is right, "
                  "rerun with --orientation header",
                  registration.header_turn_deg, figures);
    registration.warnings.push_back(text);
  } else {
    const double turn = turned.header_turn_deg;
    registration = std::move(header);
    if (fit_header->head < kUnusableHeadDice && fit_turned->head < kUnusableHeadDice) {
      // Neither fits: the orientation is not the question; assessRegistration says why.
      registration.warnings.push_back(std::string("neither the header's orientation nor ") +
                                      "the search's fits this head (" + figures + ")");
    } else if (header_holds) {
      std::snprintf(text, sizeof text,
                    "a registration turned %.0f degrees from the image header's orientation "
                    "scored a higher similarity, but the anatomy does not confirm it (%s): the "
                    "header's orientation was kept",
                    turn, figures);
      registration.warnings.push_back(text);
    } else {
      std::snprintf(text, sizeof text,
                    "the MNI registration that fits this head best turns it %.0f degrees from "
                    "the orientation in the image's header, and the anatomy does not decide "
                    "between them (%s): MNI, atlas and scalp-rule targets are refused; check "
                    "in a viewer that the nose points anterior, then rerun with --orientation "
                    "header (the header is right) or --orientation anatomy (it is not)",
                    turn, figures);
      registration.unusable = text;
    }
  }
  registration.orientation_figures = figures;
  return assessRegistration(registration, subject_head, template_head);
}

}  // namespace tmsnav
