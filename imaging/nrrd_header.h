#pragma once
// tmsnav's own reading of NRRD (.nrrd, .nhdr) headers, before
// anything is allocated: sizes against kMaxVoxels, the data file present and holding every
// voxel the header promises (counted in fixed memory, compressed or not), and a detached
// NRRD header whose data file is another format (a NIfTI) refused rather than read as
// voxels. ITK 5.2's NRRD reader has no bzip2 and turns a list axis into vector components,
// so those NRRDs (and every NRRD whose geometry tmsnav can state itself) are decoded by
// tmsnav (voxel_stream.h); the rest go to ITK after these checks.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "core/result.h"
#include "imaging/voxel_stream.h"

namespace tmsnav {

struct NrrdHeader {
  int dimension = 0;
  std::vector<std::int64_t> sizes;
  std::optional<VoxelType> type;  // empty: a type only ITK reads ("block")
  std::string type_name;
  bool big_endian = false;
  std::string encoding;  // normalised: raw, gzip, bzip2, ascii, hex
  std::string space;     // normalised: RAS, LAS, LPS or the header's own word ("" if none)
  std::vector<std::optional<Eigen::Vector3d>> space_directions;  // per axis; empty: "none"
  std::optional<Eigen::Vector3d> space_origin;
  std::vector<std::string> kinds;
  std::string data_file;  // absolute; empty when attached
  bool several_data_files = false;
  std::int64_t header_bytes = 0;  // attached data starts here
  std::int64_t line_skip = 0, byte_skip = 0;

  std::int64_t voxels() const;  // every axis; saturates at 2^62
  // The axes with a space direction, and the one without (or -1).
  std::vector<int> spatialAxes() const;
  int listAxis() const;
};

Result<NrrdHeader> parseNrrdHeader(const std::string& text, const std::string& header_dir);

// What checkNrrdFile found: the header, where its voxels start, and whether tmsnav reads it.
struct NrrdFile {
  NrrdHeader header;
  PayloadSource payload;
  bool read_by_tmsnav = false;  // else ITK reads it
  Eigen::Matrix4d voxel_to_ras = Eigen::Matrix4d::Identity();
  std::vector<std::string> warnings;
};

bool looksLikeNrrd(const std::string& path);  // by file name
Result<NrrdFile> checkNrrdFile(const std::string& path);
Result<Volume> readNrrd(const NrrdFile& file, const std::string& path);

}  // namespace tmsnav
