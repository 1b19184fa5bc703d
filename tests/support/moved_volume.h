#pragma once
// A volume resampled through a known affine (ITK), for registration tests. In its own
// translation unit: ITK's transform headers bring ITK's bundled Eigen, which must not
// meet the system Eigen's Geometry module in one file.
#include <array>

#include <Eigen/Core>

#include "imaging/volume.h"

namespace tmsnav::test {

// The volume as seen after moving it by mni_to_subject (LPS), same grid, with a linear
// bias field (0.85-1.15, unless bias is false) and Gaussian noise of noise_sigma.
Volume movedVolume(const Volume& source, const Eigen::Matrix4d& mni_to_subject, float noise_sigma,
                   unsigned seed, bool bias = true);

// The volume with pad_mm of zeros added on every side (so a moved head stays in view).
Volume paddedVolume(const Volume& source, double pad_mm);

// The same voxels with a header rotated by rotation_lps about `centre_lps` (the head turns
// in world space; nothing is resampled): a scan stored in another orientation.
Volume headerRotatedVolume(const Volume& source, const Eigen::Matrix3d& rotation_lps,
                           const Eigen::Vector3d& centre_lps);

// The same voxels stored in another axis order (ITK keeps every voxel's world position).
Volume permutedVolume(const Volume& source, const std::array<unsigned, 3>& order);

}  // namespace tmsnav::test
