#pragma once
// The voxel payload of a NIfTI-2 or NRRD file, read by tmsnav itself (ITK 5.2 reads neither
// NIfTI-2 nor bzip2 NRRD): a raw, gzip or bzip2 byte stream that starts at a byte offset of
// a file. Readers first count how many bytes the stream really holds (streaming, in fixed
// memory) so that a header promising more than the file has is refused before anything is
// allocated, then decode only the first 3-D volume into a float image.
#include <cstdint>
#include <string>

#include <Eigen/Core>

#include "core/result.h"
#include "imaging/volume.h"

namespace tmsnav {

enum class Compression { kNone, kGzip, kBzip2 };
enum class VoxelType { kU8, kI8, kU16, kI16, kU32, kI32, kU64, kI64, kF32, kF64 };

int bytesPerVoxel(VoxelType type);

struct PayloadSource {
  std::string path;
  std::int64_t file_offset = 0;  // where the (compressed) stream starts in the file
  Compression compression = Compression::kNone;
  std::int64_t skip = 0;  // bytes of the decompressed stream before the voxels
};

// gzip when the file starts with the gzip magic, else none.
Compression sniffGzip(const std::string& path);

// Bytes the stream holds after `skip`, counted to its end; a corrupt or truncated
// compressed stream is an error. Memory use is a fixed buffer whatever the file claims.
Result<std::int64_t> payloadBytesAvailable(const PayloadSource& source);

struct VoxelLayout {
  Eigen::Vector3i dims = Eigen::Vector3i::Ones();  // the first volume: x fastest
  VoxelType type = VoxelType::kU8;
  bool big_endian = false;
  double slope = 1.0, intercept = 0.0;  // value = slope * stored + intercept
};

// Reads the first dims.prod() voxels of the stream into a float image with unit geometry
// (the caller places it). dims.prod() must already be checked against kMaxVoxels and the
// stream against payloadBytesAvailable.
Result<ImageF::Pointer> readFirstVolume(const PayloadSource& source, const VoxelLayout& layout);

// Places an image in the world from its voxel-to-RAS matrix (columns: the voxel axes in
// mm; translation: the centre of voxel 0).
void placeImage(ImageF* image, const Eigen::Matrix4d& voxel_to_ras);

// a * b, or -1 when either is negative or the product exceeds 2^62 (no overflow).
std::int64_t checkedProduct(std::int64_t a, std::int64_t b);

}  // namespace tmsnav
