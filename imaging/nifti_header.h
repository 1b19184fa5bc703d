#pragma once
// tmsnav's own reading of a NIfTI-1 header, before ITK allocates anything: sizes checked
// against the file, the whole (possibly gzipped) payload read to prove it is complete,
// and which of sform/qform defines the world. ITK decodes the voxels afterwards.
#include <array>
#include <cstdint>
#include <string>

#include "tracking/result.h"

namespace tmsnav {

struct NiftiHeader {
  std::array<std::int64_t, 8> dim{};  // dim[0] = number of dimensions
  int datatype = 0;
  int bitpix = 0;
  double vox_offset = 0;
  int qform_code = 0;
  int sform_code = 0;
  bool single_file = true;  // n+1 (.nii) vs ni1 (.hdr + .img)
  std::int64_t voxels() const;
  std::int64_t payloadBytes() const;  // all volumes
};

bool looksLikeNifti(const std::string& path);  // by file name
// Reads and validates the header and proves the payload is complete.
Result<NiftiHeader> checkNiftiFile(const std::string& path);

}  // namespace tmsnav
