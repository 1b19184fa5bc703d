#pragma once
// Writes small NIfTI-1 files with exactly the header fields a test wants (sform, qform,
// datatype, dims), so geometry edge cases have known answers.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include <Eigen/Core>

namespace tmsnav::test {

struct NiftiSpec {
  std::array<int, 4> dims{1, 1, 1, 1};  // nx, ny, nz, nt
  int datatype = 2;                     // 2 = uint8, 128 = RGB24
  int bitpix = 8;
  Eigen::Matrix4d sform = Eigen::Matrix4d::Identity();  // voxel -> RAS
  int sform_code = 0;
  Eigen::Matrix4d qform =
      Eigen::Matrix4d::Identity();  // must be rotation * diag(spacing) (qfac allowed)
  int qform_code = 0;
};

void writeNifti(const std::string& path, const NiftiSpec& spec,
                const std::vector<std::uint8_t>& voxels);

// Copies a NIfTI-1 file (.nii or .nii.gz) to `dst` (.nii) with its voxels unchanged and the
// whole head moved in the world by `move_ras` (rigid, RAS mm): the sform becomes
// move_ras * sform, the qform is switched off. An exact known motion, with no resampling.
void writeMovedNifti(const std::string& src, const std::string& dst,
                     const Eigen::Matrix4d& move_ras);

}  // namespace tmsnav::test
