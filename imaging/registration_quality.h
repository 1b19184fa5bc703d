#pragma once
// How well the MNI registration fits the subject, judged on something it did not
// optimise: Colin27's head (the template thresholded) carried into the subject and
// overlapped with the subject's own head mask, above the MNI plane z = -40 mm (below it
// necks and fields of view differ from scan to scan).
//
// The subject's brain mask cannot serve: it is the template's brain carried by this very
// registration, so its Dice with the template brain says nothing about the registration.
//
// Measured: 0.996 on Colin27, 0.974 on seg3d, 0.976 on the Siemens 4.8 mm series; with
// seg3d's registration moved 15 mm it drops to 0.905 (tests/integration/test_segmentation.cpp).
#include "imaging/mni_registration.h"
#include "imaging/volume.h"

namespace tmsnav {

constexpr double kMinRegisteredHeadDice = 0.94;  // below: warn
// Below: the registration is unusable (seg3d's registration moved 15 mm scores 0.905; the
// lowest correct one measured, 0.974).
constexpr double kUnusableHeadDice = 0.92;
constexpr double kQualityGridMm = 4.0;          // the overlap is counted on this grid
constexpr double kQualityLowestMniZMm = -40.0;  // MNI z (RAS = LPS here) of the lowest plane

// Colin27's head, segmented as a subject's is (on a 2 mm grid), so that the two masks
// agree by definition wherever the registration is right.
Result<MaskImage::Pointer> templateHeadMask(const Volume& template_t1);

// subject_head: the subject's head mask (1 inside); template_head: templateHeadMask.
Result<double> registeredHeadDice(const MaskImage* subject_head, const MaskImage* template_head,
                                  const MniRegistration& registration);

// Records head_dice in the registration and warns when it is low.
Result<Done> assessRegistration(MniRegistration& registration, const MaskImage* subject_head,
                                const MaskImage* template_head);

}  // namespace tmsnav
