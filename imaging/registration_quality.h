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

// A box in MNI space (RAS mm; the template's LPS x and y negated), where a head overlap
// is counted.
struct MniBoxRasMm {
  Eigen::Vector3d min_ras_mm{-1e9, -1e9, -1e9};
  Eigen::Vector3d max_ras_mm{1e9, 1e9, 1e9};
  bool contains(const Eigen::Vector3d& p_mni_lps) const {
    const Eigen::Vector3d ras(-p_mni_lps.x(), -p_mni_lps.y(), p_mni_lps.z());
    return (ras.array() >= min_ras_mm.array()).all() && (ras.array() <= max_ras_mm.array()).all();
  }
};
// The head above the neck (registeredHeadDice's region).
inline const MniBoxRasMm kAboveNeckRasMm{{-1e9, -1e9, kQualityLowestMniZMm}, {1e9, 1e9, 1e9}};
// The face: in front of the forehead's plane and below the eyebrows, where the nose, eyes
// and mouth are. Colin27's nasion is at about RAS (0, 84, -36) mm and its nose tip at
// (0, 110, -45): a registration turned front to back puts the occiput here instead.
inline const MniBoxRasMm kFaceRasMm{{-40, 60, -80}, {40, 130, 0}};

// Colin27's head, segmented as a subject's is (on a 2 mm grid), so that the two masks
// agree by definition wherever the registration is right.
Result<MaskImage::Pointer> templateHeadMask(const Volume& template_t1);

// subject_head: the subject's head mask (1 inside); template_head: templateHeadMask.
Result<double> registeredHeadDice(const MaskImage* subject_head, const MaskImage* template_head,
                                  const MniRegistration& registration);

// The same within a box of MNI space.
Result<double> registeredHeadDice(const MaskImage* subject_head, const MaskImage* template_head,
                                  const MniRegistration& registration, const MniBoxRasMm& box);

// Records head_dice in the registration and warns when it is low.
Result<Done> assessRegistration(MniRegistration& registration, const MaskImage* subject_head,
                                const MaskImage* template_head);

// When the orientation search turned the head away from its header (the registration has
// an alternative started from the header's orientation), the anatomy decides: the turned
// one is kept only when Colin27's whole head fits the subject's better by
// kHeaderOverrideDiceMargin (a header that lies: Colin27 stored turned scores 0.996 against
// 0.947-0.965 as in the header); the header's is kept when it fits about as well (real
// scanners' headers are right, and a head is nearly as round front to back: the ADNI
// MPRAGE scores 0.974 as in the header against 0.951 turned); when neither fits, the usual
// unusable reason. The face overlap (kFaceRasMm) is reported beside, not weighed.
constexpr double kHeaderOverrideDiceMargin = 0.02;
Result<Done> chooseRegistration(MniRegistration& registration, const MaskImage* subject_head,
                                const MaskImage* template_head);

}  // namespace tmsnav
