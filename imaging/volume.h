#pragma once
// A loaded MRI: ITK image in LPS physical space (mm) plus where it came from. Voxel to
// world is derived from ITK's origin/spacing/direction, the single source of truth.
#include <string>

#include <itkImage.h>
#include <Eigen/Core>

#include "tracking/result.h"

namespace tmsnav {

using ImageF = itk::Image<float, 3>;
using MaskImage = itk::Image<unsigned char, 3>;

struct Volume {
  ImageF::Pointer image;
  std::string path;
  std::string source;  // e.g. "nifti", "nrrd", "metaimage"

  Eigen::Vector3i dims() const;
  Eigen::Vector3d spacingMm() const;
  Eigen::Matrix4d voxelToLps() const;
  // World RAS extent of the voxel centres: rows x, y, z; columns min, max.
  Eigen::Matrix<double, 3, 2> rasBoundsMm() const;
};

// Limits checked from the header before anything is allocated.
constexpr long long kMaxVoxels = 1024LL * 1024LL * 1024LL;
constexpr int kMinHeadSlices = 16;

Result<Volume> loadVolume(const std::string& path);
// For commands that need a head: at least kMinHeadSlices along every axis.
Result<Volume> loadHeadVolume(const std::string& path);

Eigen::Matrix4d voxelToLps(const itk::ImageBase<3>* image);

}  // namespace tmsnav
