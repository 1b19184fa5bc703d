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

// Colin27's deep white matter (1) and ventricles (2) on a coarse grid: computed once per
// template, while the registration runs.
Result<ImageF::Pointer> templateContrastRegions(const Volume& template_t1,
                                                const Volume& template_brain);

Result<double> whiteToVentricleRatio(const Volume& subject, const MaskImage* subject_brain,
                                     const ImageF* template_regions,
                                     const MniRegistration& registration);

// An error naming the problem when the ratio is below kMinWhiteToVentricleRatio.
Result<Done> requireT1Contrast(double white_to_ventricle);

}  // namespace tmsnav
