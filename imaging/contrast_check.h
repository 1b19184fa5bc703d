#pragma once
// Whether the subject is T1-weighted, as tissue classes and the cortex surface assume:
// its deep white matter must be brighter than its lateral ventricles. Both regions come
// from Colin27 (a T1) through the MNI registration: the template brain's brightest voxels
// 12 mm or more inside it, and its darkest voxels that deep (the ventricles). A T2 or
// proton-density image, where CSF is bright, has a ratio below 1; classified as if it
// were a T1 it would put the cortex on the CSF.
#include "imaging/mni_registration.h"
#include "imaging/volume.h"

namespace tmsnav {

// Median white matter over median ventricle intensity, below which brain modelling is
// refused: ventricles as bright as white matter are not a T1. Measured
// (tests/integration/test_segmentation.cpp): Colin27 3.0, seg3d 2.0, the Siemens 4.8 mm
// series 1.5 (thick slices blur the ventricles); Colin27 given T2-like contrast 0.5. A
// FLAIR image (dark CSF) passes this check; proton density and T2 do not.
constexpr double kMinWhiteToVentricleRatio = 1.0;

// Deep white matter over the cortical rim (the outer 1-5 mm of the brain, mostly grey
// matter, its brighter half taken so that sulcal CSF does not count), below which the
// image is refused: in a T1 white matter is brighter than grey; in a FLAIR (dark CSF, which
// passes the ventricle check) grey matter is the brighter. Measured: Colin27 1.14, seg3d
// 1.22, the Siemens 4.8 mm series 1.04 (thick slices mix grey and white), Colin27 given
// FLAIR-like contrast (grey 25 % brighter than white) 0.85; real FLAIRs were not at hand.
constexpr double kMinWhiteToGreyRatio = 0.95;

struct ContrastFigures {
  double white_to_ventricle = 0.0;
  double white_to_grey = 0.0;
};

// Colin27's deep white matter (1), ventricles (2) and cortical rim (3) on a coarse grid:
// computed once per template, while the registration runs.
Result<ImageF::Pointer> templateContrastRegions(const Volume& template_t1,
                                                const Volume& template_brain);

Result<ContrastFigures> contrastFigures(const Volume& subject, const MaskImage* subject_brain,
                                        const ImageF* template_regions,
                                        const MniRegistration& registration);

// An error naming the problem when a ratio is below its minimum.
Result<Done> requireT1Contrast(const ContrastFigures& figures);

}  // namespace tmsnav
