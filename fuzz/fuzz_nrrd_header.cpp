// NRRD pre-validation (imaging/nrrd_header): the header, the data file it names (attached
// or detached, raw, gzip, bzip2, ascii, hex) holding every voxel, before ITK or tmsnav
// allocates; a small volume tmsnav decodes itself is then read as well.
#include "fuzz/fuzz_input.h"
#include "imaging/nrrd_header.h"

namespace {
// Decoding is fuzzed only up to this size: the check above it is what guards allocation.
constexpr std::int64_t kMaxDecodedVoxels = 1 << 20;
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const bool detached =
      text.find("data file") != std::string::npos || text.find("datafile") != std::string::npos;
  const std::string path = tmsnav::fuzz::writeInput(data, size, detached ? ".nhdr" : ".nrrd");
  auto file = tmsnav::checkNrrdFile(path);
  if (file && file->read_by_tmsnav && file->header.voxels() <= kMaxDecodedVoxels)
    (void)tmsnav::readNrrd(*file, path);
  return 0;
}
