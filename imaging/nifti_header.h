#pragma once
// tmsnav's own reading of a NIfTI-1 or NIfTI-2 header, before anything is allocated: sizes
// checked against caps and against the file, the whole (possibly gzipped) payload read to
// prove it is complete, and which of sform/qform defines the world. ITK decodes NIfTI-1
// voxels afterwards; ITK 5.2 cannot read NIfTI-2, so tmsnav decodes those itself
// (voxel_stream.h).
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "core/result.h"

namespace tmsnav {

struct NiftiHeader {
  int version = 1;  // 1: 348-byte header, 2: 540-byte, 64-bit dims
  bool big_endian = false;
  std::array<std::int64_t, 8> dim{};  // dim[0] = number of dimensions
  int datatype = 0;
  int bitpix = 0;
  double vox_offset = 0;
  int qform_code = 0;
  int sform_code = 0;
  bool single_file = true;  // n+1 (.nii) vs ni1 (.hdr + .img)
  std::array<double, 8> pixdim{};
  double quatern_b = 0, quatern_c = 0, quatern_d = 0;
  Eigen::Vector3d qoffset = Eigen::Vector3d::Zero();
  Eigen::Matrix4d srow = Eigen::Matrix4d::Identity();  // sform, voxel -> RAS
  double scl_slope = 0, scl_inter = 0;                 // 0 slope: values unscaled
  std::int64_t voxels() const;                         // all volumes; saturates at INT64_MAX
  std::int64_t payloadBytes() const;                   // all volumes; saturates at INT64_MAX
  std::int64_t volumeVoxels() const;                   // the first 3-D volume
  std::int64_t volumes() const { return voxels() / volumeVoxels(); }
};

// The NIfTI world (RAS) the header defines, decided once, as nibabel/FSL/SPM do: the sform
// when its code is set, else the qform, else the pixdim-only "method 1" geometry.
struct NiftiWorld {
  Eigen::Matrix4d voxel_to_ras = Eigen::Matrix4d::Identity();
  std::string source;  // "nifti-sform", "nifti-qform" or "nifti-pixdim"
  std::vector<std::string> warnings;
};

Eigen::Matrix4d qformToRas(const NiftiHeader& h);
Result<NiftiWorld> niftiWorld(const NiftiHeader& h);

bool looksLikeNifti(const std::string& path);  // by file name
// Reads and validates the header and proves the payload is complete.
Result<NiftiHeader> checkNiftiFile(const std::string& path);
// The file that holds the voxels: the .nii itself, or the .img (.img.gz) beside a .hdr.
std::string niftiImageFile(const std::string& path, const NiftiHeader& h);

}  // namespace tmsnav
