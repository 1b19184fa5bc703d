#pragma once
// Resampling helpers that keep ITK's transform headers (and ITK's bundled Eigen) out of
// the callers' translation units.
#include <Eigen/Core>

#include "imaging/volume.h"

namespace tmsnav {

// Smoothed (sigma = spacing / 2) and resampled to `spacing_mm` (never finer than the input)
// on the same orientation and physical box.
ImageF::Pointer downsampled(const ImageF* image, double spacing_mm);

// Mean over blocks of whole voxels about target_mm wide (at least one voxel per block):
// a cheap coarse grid for smooth fields. The grid covers the same physical box.
ImageF::Pointer blockAveraged(const ImageF* image, double target_mm);

// image resampled onto reference's grid; output_to_input_lps maps each output point
// (LPS mm) to where it is sampled in `image`. Linear interpolation, 0 outside.
ImageF::Pointer resampledOnto(
    const ImageF* image, const itk::ImageBase<3>* reference,
    const Eigen::Matrix4d& output_to_input_lps = Eigen::Matrix4d::Identity());

}  // namespace tmsnav
