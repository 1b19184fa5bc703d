#include "imaging/nifti_header.h"

#include <zlib.h>

#include <cstring>
#include <memory>
#include <vector>

#include "imaging/volume.h"

namespace tmsnav {

namespace {
constexpr int kNifti1HeaderBytes = 348;

bool endsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

using GzFile = std::unique_ptr<std::remove_pointer_t<gzFile>, decltype(&gzclose)>;

GzFile openGz(const std::string& path) {
  return GzFile(gzopen(path.c_str(), "rb"), gzclose);
}

// Reads to the end, counting bytes; a truncated or corrupt gzip stream is an error.
Result<std::int64_t> countRemaining(gzFile f) {
  std::vector<char> buf(1 << 16);
  std::int64_t total = 0;
  for (;;) {
    const int n = gzread(f, buf.data(), static_cast<unsigned>(buf.size()));
    if (n < 0) {
      int code = 0;
      const char* msg = gzerror(f, &code);
      return Error{std::string("compressed data is corrupt (") + (msg ? msg : "zlib error") + ")"};
    }
    if (n == 0) break;
    total += n;
  }
  int code = 0;
  gzerror(f, &code);
  if (code != Z_OK && code != Z_STREAM_END) return Error{"compressed data is truncated or corrupt"};
  return total;
}

template <class T>
T field(const char* raw, size_t offset, bool swap) {
  T v;
  std::memcpy(&v, raw + offset, sizeof v);
  if (swap) {
    auto* b = reinterpret_cast<unsigned char*>(&v);
    for (size_t i = 0; i < sizeof v / 2; ++i) std::swap(b[i], b[sizeof v - 1 - i]);
  }
  return v;
}

int expectedBitpix(int datatype) {
  switch (datatype) {
    case 2:
    case 256:
      return 8;  // uint8, int8
    case 4:
    case 512:
      return 16;  // int16, uint16
    case 8:
    case 768:
    case 16:
      return 32;  // int32, uint32, float32
    case 64:
    case 1024:
    case 1280:
      return 64;  // float64, int64, uint64
    case 128:
      return 24;  // RGB24
    case 2304:
      return 32;  // RGBA32
    default:
      return 0;
  }
}

Result<NiftiHeader> parseHeader(const char* raw) {
  bool swap = false;
  if (field<std::int32_t>(raw, 0, false) != kNifti1HeaderBytes) {
    if (field<std::int32_t>(raw, 0, true) == kNifti1HeaderBytes)
      swap = true;
    else if (field<std::int32_t>(raw, 0, false) == 540 || field<std::int32_t>(raw, 0, true) == 540)
      return Error{"NIfTI-2 files are not supported; convert to NIfTI-1"};
    else
      return Error{"not a NIfTI-1 file (header size field is not 348)"};
  }
  NiftiHeader h;
  const std::string magic(raw + 344, 3);
  if (magic != "n+1" && magic != "ni1") return Error{"not a NIfTI-1 file (bad magic)"};
  h.single_file = magic == "n+1";
  for (int i = 0; i < 8; ++i) h.dim[i] = field<std::int16_t>(raw, 40 + 2 * i, swap);
  if (h.dim[0] < 1 || h.dim[0] > 7)
    return Error{"NIfTI header has an invalid number of dimensions"};
  for (int i = 1; i <= h.dim[0]; ++i)
    if (h.dim[i] < 1) return Error{"NIfTI header has a non-positive dimension"};
  h.datatype = field<std::int16_t>(raw, 70, swap);
  h.bitpix = field<std::int16_t>(raw, 72, swap);
  h.vox_offset = field<float>(raw, 108, swap);
  h.qform_code = field<std::int16_t>(raw, 252, swap);
  h.sform_code = field<std::int16_t>(raw, 254, swap);
  const int bits = expectedBitpix(h.datatype);
  if (bits == 0) return Error{"NIfTI datatype " + std::to_string(h.datatype) + " is not supported"};
  if (h.datatype == 128 || h.datatype == 2304) return Error{"RGB images are not MRI volumes"};
  if (bits != h.bitpix) return Error{"NIfTI header bitpix does not match its datatype"};
  if (h.voxels() / std::max<std::int64_t>(1, h.dim[4]) > kMaxVoxels)
    return Error{"NIfTI header promises more than 1024^3 voxels"};
  if (h.single_file && !(h.vox_offset >= 352.0 && h.vox_offset < 1e9))
    return Error{"NIfTI header has an invalid voxel offset"};
  return h;
}
}  // namespace

std::int64_t NiftiHeader::voxels() const {
  std::int64_t n = 1;
  for (int i = 1; i <= dim[0]; ++i) n *= dim[i];  // each <= 32767, at most 7: no overflow
  return n;
}

std::int64_t NiftiHeader::payloadBytes() const {
  return voxels() * (bitpix / 8);
}

bool looksLikeNifti(const std::string& path) {
  return endsWith(path, ".nii") || endsWith(path, ".nii.gz") || endsWith(path, ".hdr") ||
         endsWith(path, ".hdr.gz");
}

Result<NiftiHeader> checkNiftiFile(const std::string& path) {
  GzFile f = openGz(path);
  if (!f) return Error{"cannot open " + path};
  char raw[kNifti1HeaderBytes];
  if (gzread(f.get(), raw, kNifti1HeaderBytes) != kNifti1HeaderBytes)
    return Error{"file is too short for a NIfTI header: " + path};
  auto h = parseHeader(raw);
  if (!h) return Error{h.error() + ": " + path};
  if (h->single_file) {
    auto rest = countRemaining(f.get());
    if (!rest) return Error{rest.error() + ": " + path};
    const auto available = *rest + kNifti1HeaderBytes - static_cast<std::int64_t>(h->vox_offset);
    if (available < h->payloadBytes())
      return Error{"file is truncated: " + std::to_string(h->payloadBytes()) +
                   " bytes of voxels expected, " +
                   std::to_string(std::max<std::int64_t>(available, 0)) + " present: " + path};
  }
  return *h;
}

}  // namespace tmsnav
