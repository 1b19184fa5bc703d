#pragma once
// The intracranial mask: everything inside the inner skull surface (brain plus the CSF
// around it), what field modelling needs and what expert "brain" masks that follow the
// skull (seg3d's) draw.
//
// On a T1 the inner skull has no edge of its own: CSF and the inner table are both dark
// (seg3d, measured: 0.33 x white matter on both sides of the expert's boundary). What the
// image does show is the dark band between the brain and the first bright layer outside
// it (diploic marrow, scalp fat and muscle). The inner skull is drawn across that band at
// a fixed share of its width from the brain: the CSF's share. Measured on seg3d against the
// expert mask: shares 0.3-0.7 all give Dice 0.930-0.934, so the result does not hinge on it.
#include <array>

#include "imaging/mni_registration.h"
#include "imaging/tissue_classifier.h"
#include "imaging/volume.h"

namespace tmsnav {

struct IntracranialOptions {
  // Outside the brain, brighter than this share of white matter is the skull's outer wall
  // (marrow, fat, muscle); darker is CSF or bone.
  double bright_share_of_white = 0.65;
  double csf_share = 0.5;  // of the dark band, from the brain outward
  // Figures are taken over the vault: above this MNI height (mm), where the skull is a shell.
  double vault_mni_z_mm = 20.0;
};

struct IntracranialResult {
  MaskImage::Pointer mask;  // 1 inside the inner skull; the input's grid
  double volume_ml = 0.0;
  // Over the vault, 5th / 50th / 95th percentiles (mm) of the distance from the inner
  // skull to the scalp surface (skull plus scalp) and from the brain to the inner skull
  // (the CSF layer).
  std::array<double, 3> inner_skull_to_scalp_mm{};
  std::array<double, 3> csf_layer_mm{};
};

Result<IntracranialResult> segmentIntracranial(const Volume& volume, const MaskImage* brain,
                                               const MaskImage* head, const TissueResult& tissue,
                                               const MniRegistration& registration,
                                               const IntracranialOptions& options = {});

}  // namespace tmsnav
