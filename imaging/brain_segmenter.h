#pragma once
// Brain mask (skull stripping) from a T1 without external tools: Colin27's brain mask
// (mricron-data's ch2bet) carried to the subject by the affine MNI registration, clipped to
// the head and closed over the sulci to the envelope that clinical brain masks use.
// On the input image's grid.
//
// Measured (tests/integration/test_segmentation.cpp): Dice 0.986 on Colin27 and 0.928 on
// the seg3d subject, whose expert mask follows the inner skull. The best affine placement
// of ch2bet, optimised against that expert mask itself, reaches 0.940, so no better affine
// can close the gap. Intensity-driven non-linear refinements made seg3d worse (ITK
// diffeomorphic demons 0.904, a 4x4x4 B-spline with mutual information 0.865): they pull
// the template's tight brain onto the subject's atrophic cortex, away from the skull.
#include "imaging/mni_registration.h"
#include "imaging/progress.h"
#include "imaging/volume.h"

namespace tmsnav {

inline const char* kMniBrainTemplate = "/usr/share/mricron/templates/ch2bet.nii.gz";
inline const char* kMniBrainTemplateFile = "ch2bet.nii.gz";  // in a template folder

struct BrainSegmenterOptions {
  double grid_mm = 2.0;            // the prior is carried on this grid
  double closing_radius_mm = 4.0;  // bridges sulci: the envelope, not the gyri
};

struct BrainMaskResult {
  MaskImage::Pointer mask;  // 1 inside the brain; same grid as the input
  double volume_ml = 0.0;
};

// template_brain: ch2bet (> 0 inside the brain), loaded by the caller so it can be cached.
// head_mask (optional, same grid as subject) clips the brain to the head.
Result<BrainMaskResult> segmentBrain(const Volume& subject, const MniRegistration& registration,
                                     const Volume& template_brain, const MaskImage* head_mask,
                                     const BrainSegmenterOptions& options,
                                     const Progress& progress);

}  // namespace tmsnav
