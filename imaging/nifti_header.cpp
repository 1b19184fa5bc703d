#include "imaging/nifti_header.h"

#include <zlib.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <limits>
#include <memory>
#include <vector>

#include <Eigen/LU>  // determinant(): without it, a build without the PCH fails to link

#include "imaging/volume.h"

namespace tmsnav {

namespace {
constexpr int kNifti1HeaderBytes = 348;
constexpr int kNifti2HeaderBytes = 540;

bool hostIsBigEndian() {
  const std::uint16_t one = 1;
  unsigned char first;
  std::memcpy(&first, &one, 1);
  return first == 0;
}

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

// Checks shared by both versions, once the fields are read.
Result<NiftiHeader> validate(NiftiHeader h) {
  if (h.dim[0] < 1 || h.dim[0] > 7)
    return Error{"NIfTI header has an invalid number of dimensions"};
  for (int i = 1; i <= h.dim[0]; ++i)
    if (h.dim[i] < 1) return Error{"NIfTI header has a non-positive dimension"};
  for (int i = static_cast<int>(h.dim[0]) + 1; i < 8; ++i) h.dim[i] = 1;
  const int bits = expectedBitpix(h.datatype);
  if (bits == 0) return Error{"NIfTI datatype " + std::to_string(h.datatype) + " is not supported"};
  if (h.datatype == 128 || h.datatype == 2304) return Error{"RGB images are not MRI volumes"};
  if (bits != h.bitpix) return Error{"NIfTI header bitpix does not match its datatype"};
  if (h.volumeVoxels() > kMaxVoxels)
    return Error{"NIfTI header promises " + std::to_string(h.dim[1]) + "x" +
                 std::to_string(h.dim[2]) + "x" + std::to_string(h.dim[3]) +
                 " voxels, more than 1024^3 voxels"};
  if (h.dim[0] >= 5 && h.dim[5] > 1)
    return Error{"NIfTI holds " + std::to_string(h.dim[5]) +
                 " values per voxel (dim[5]: vectors or RGB); a scalar MRI is required"};
  // ITK reads every volume of a NIfTI-1 file at once: bound the whole, as a float image.
  if (h.version == 1 && h.payloadBytes() > 4 * kMaxVoxels)
    return Error{"NIfTI file holds " + std::to_string(h.volumes()) +
                 " volumes, more than 4 GiB of voxels in all"};
  for (int i = 1; i <= std::min<std::int64_t>(h.dim[0], 3); ++i)
    if (h.dim[i] > 1 && !(h.pixdim[i] > 0 && std::isfinite(h.pixdim[i])))
      return Error{"NIfTI voxel spacing must be finite and positive"};
  const double min_offset = h.version == 1 ? 352.0 : 544.0;
  if (h.single_file && !(h.vox_offset >= min_offset && h.vox_offset < 1e9))
    return Error{"NIfTI header has an invalid voxel offset"};
  if (!h.single_file && !(h.vox_offset >= 0 && h.vox_offset < 1e9))
    return Error{"NIfTI header has an invalid voxel offset"};
  return h;
}

Result<NiftiHeader> parseNifti1(const char* raw, bool swap) {
  NiftiHeader h;
  h.version = 1;
  const std::string magic(raw + 344, 3);
  if (magic != "n+1" && magic != "ni1") return Error{"not a NIfTI-1 file (bad magic)"};
  h.single_file = magic == "n+1";
  for (int i = 0; i < 8; ++i) h.dim[i] = field<std::int16_t>(raw, 40 + 2 * i, swap);
  h.datatype = field<std::int16_t>(raw, 70, swap);
  h.bitpix = field<std::int16_t>(raw, 72, swap);
  h.vox_offset = field<float>(raw, 108, swap);
  h.scl_slope = field<float>(raw, 112, swap);
  h.scl_inter = field<float>(raw, 116, swap);
  h.qform_code = field<std::int16_t>(raw, 252, swap);
  h.sform_code = field<std::int16_t>(raw, 254, swap);
  for (int i = 0; i < 8; ++i) h.pixdim[i] = field<float>(raw, 76 + 4 * i, swap);
  h.quatern_b = field<float>(raw, 256, swap);
  h.quatern_c = field<float>(raw, 260, swap);
  h.quatern_d = field<float>(raw, 264, swap);
  h.qoffset = {field<float>(raw, 268, swap), field<float>(raw, 272, swap),
               field<float>(raw, 276, swap)};
  for (int r = 0; r < 3; ++r)
    for (int c = 0; c < 4; ++c) h.srow(r, c) = field<float>(raw, 280 + 16 * r + 4 * c, swap);
  return h;
}

// NIfTI-2: the same fields as NIfTI-1 in 64-bit types, at the offsets of nifti2.h.
Result<NiftiHeader> parseNifti2(const char* raw, bool swap) {
  NiftiHeader h;
  h.version = 2;
  const std::string magic(raw + 4, 8);
  if (magic == std::string("n+2\0\r\n\x1a\n", 8))
    h.single_file = true;
  else if (magic == std::string("ni2\0\r\n\x1a\n", 8))
    h.single_file = false;
  else
    return Error{"not a NIfTI-2 file (bad magic)"};
  h.datatype = field<std::int16_t>(raw, 12, swap);
  h.bitpix = field<std::int16_t>(raw, 14, swap);
  for (int i = 0; i < 8; ++i) h.dim[i] = field<std::int64_t>(raw, 16 + 8 * i, swap);
  for (int i = 0; i < 8; ++i) h.pixdim[i] = field<double>(raw, 104 + 8 * i, swap);
  h.vox_offset = static_cast<double>(field<std::int64_t>(raw, 168, swap));
  h.scl_slope = field<double>(raw, 176, swap);
  h.scl_inter = field<double>(raw, 184, swap);
  h.qform_code = field<std::int32_t>(raw, 344, swap);
  h.sform_code = field<std::int32_t>(raw, 348, swap);
  h.quatern_b = field<double>(raw, 352, swap);
  h.quatern_c = field<double>(raw, 360, swap);
  h.quatern_d = field<double>(raw, 368, swap);
  h.qoffset = {field<double>(raw, 376, swap), field<double>(raw, 384, swap),
               field<double>(raw, 392, swap)};
  for (int r = 0; r < 3; ++r)
    for (int c = 0; c < 4; ++c) h.srow(r, c) = field<double>(raw, 400 + 32 * r + 8 * c, swap);
  return h;
}

// raw holds `size` bytes (at least the 348 of a NIfTI-1 header).
Result<NiftiHeader> parseHeader(const char* raw, size_t size) {
  for (bool swap : {false, true}) {
    const auto sizeof_hdr = field<std::int32_t>(raw, 0, swap);
    Result<NiftiHeader> h = Error{""};
    if (sizeof_hdr == kNifti1HeaderBytes) {
      h = parseNifti1(raw, swap);
    } else if (sizeof_hdr == kNifti2HeaderBytes) {
      if (size < static_cast<size_t>(kNifti2HeaderBytes))
        return Error{"file is too short for a NIfTI-2 header"};
      h = parseNifti2(raw, swap);
    } else {
      continue;
    }
    if (!h) return h;
    h->big_endian = swap != hostIsBigEndian();
    return validate(*h);
  }
  return Error{"not a NIfTI file (header size field is neither 348 nor 540)"};
}
}  // namespace

Eigen::Matrix4d qformToRas(const NiftiHeader& h) {
  // NIfTI-1 "method 2": R from the quaternion (a >= 0 implied), qfac from pixdim[0].
  const double b = h.quatern_b, c = h.quatern_c, d = h.quatern_d;
  const double a = std::sqrt(std::max(0.0, 1.0 - (b * b + c * c + d * d)));
  Eigen::Matrix3d r;
  r << a * a + b * b - c * c - d * d, 2 * (b * c - a * d), 2 * (b * d + a * c), 2 * (b * c + a * d),
      a * a + c * c - b * b - d * d, 2 * (c * d - a * b), 2 * (b * d - a * c), 2 * (c * d + a * b),
      a * a + d * d - b * b - c * c;
  const double qfac = h.pixdim[0] < 0 ? -1.0 : 1.0;
  const Eigen::Vector3d scale(h.pixdim[1], h.pixdim[2], qfac * h.pixdim[3]);
  Eigen::Matrix4d m = Eigen::Matrix4d::Identity();
  m.topLeftCorner<3, 3>() = r * scale.asDiagonal();
  m.topRightCorner<3, 1>() = h.qoffset;
  return m;
}

namespace {
// Relative shear of an affine's 3x3: how far its columns are from orthogonal.
double shearOf(const Eigen::Matrix3d& a) {
  double worst = 0;
  for (int i = 0; i < 3; ++i)
    for (int j = i + 1; j < 3; ++j)
      worst = std::max(worst, std::abs(a.col(i).normalized().dot(a.col(j).normalized())));
  return worst;
}

std::string mm(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}
}  // namespace

Result<NiftiWorld> niftiWorld(const NiftiHeader& h) {
  constexpr double kShearTolerance = 1e-3;  // rounding in real headers stays far below
  constexpr double kAgreementMm = 0.1;      // sform and qform "agree" within this
  NiftiWorld w;
  const bool have_s = h.sform_code > 0, have_q = h.qform_code > 0;
  const Eigen::Matrix4d s = h.srow, q = qformToRas(h);
  if (have_s && (!s.allFinite() || std::abs(s.topLeftCorner<3, 3>().determinant()) < 1e-12))
    return Error{"NIfTI sform is singular or not finite"};
  if (have_q && !q.allFinite()) return Error{"NIfTI qform is not finite"};
  if (have_s && shearOf(s.topLeftCorner<3, 3>()) > kShearTolerance) {
    if (!have_q)
      return Error{
          "NIfTI sform is sheared and there is no qform; the geometry cannot be represented"};
    w.voxel_to_ras = q;
    w.source = "nifti-qform";
    w.warnings.emplace_back("sform is sheared; using the qform");
    return w;
  }
  if (have_s) {
    w.voxel_to_ras = s;
    w.source = "nifti-sform";
    if (have_q) {
      // Compare where the two put the corners of the volume.
      double worst = 0;
      for (int corner = 0; corner < 8; ++corner) {
        const Eigen::Vector4d ijk((corner & 1) ? h.dim[1] - 1 : 0, (corner & 2) ? h.dim[2] - 1 : 0,
                                  (corner & 4) ? h.dim[3] - 1 : 0, 1);
        worst = std::max(worst, ((s - q) * ijk).head<3>().norm());
      }
      if (worst > kAgreementMm)
        w.warnings.push_back("sform and qform disagree by up to " + mm(worst) +
                             " mm; using the sform");
    }
    return w;
  }
  if (have_q) {
    w.voxel_to_ras = q;
    w.source = "nifti-qform";
    return w;
  }
  w.voxel_to_ras.diagonal().head<3>() = Eigen::Vector3d(h.pixdim[1], h.pixdim[2], h.pixdim[3]);
  w.source = "nifti-pixdim";
  w.warnings.emplace_back("neither sform nor qform is set: orientation is unknown (assumed RAS)");
  return w;
}

namespace {
std::int64_t saturatingProduct(const std::array<std::int64_t, 8>& dim, int from, int to) {
  std::int64_t n = 1;
  for (int i = from; i <= to; ++i) {
    if (dim[i] > 0 && n > std::numeric_limits<std::int64_t>::max() / dim[i])
      return std::numeric_limits<std::int64_t>::max();
    n *= std::max<std::int64_t>(dim[i], 1);
  }
  return n;
}
}  // namespace

std::int64_t NiftiHeader::voxels() const {
  return saturatingProduct(dim, 1, static_cast<int>(std::clamp<std::int64_t>(dim[0], 0, 7)));
}

std::int64_t NiftiHeader::volumeVoxels() const {
  return saturatingProduct(dim, 1, static_cast<int>(std::clamp<std::int64_t>(dim[0], 0, 3)));
}

std::int64_t NiftiHeader::payloadBytes() const {
  const std::int64_t n = voxels(), b = std::max(bitpix / 8, 1);
  return n > std::numeric_limits<std::int64_t>::max() / b ? std::numeric_limits<std::int64_t>::max()
                                                          : n * b;
}

bool looksLikeNifti(const std::string& path) {
  return endsWith(path, ".nii") || endsWith(path, ".nii.gz") || endsWith(path, ".hdr") ||
         endsWith(path, ".hdr.gz");
}

std::string niftiImageFile(const std::string& path, const NiftiHeader& h) {
  if (h.single_file) return path;
  const std::string img = path.substr(0, path.rfind(".hdr")) + ".img";
  std::error_code ec;
  return std::filesystem::exists(img, ec) ? img : img + ".gz";
}

Result<NiftiHeader> checkNiftiFile(const std::string& path) {
  GzFile f = openGz(path);
  if (!f) return Error{"cannot open " + path};
  char raw[kNifti2HeaderBytes] = {};
  const int got = gzread(f.get(), raw, kNifti2HeaderBytes);
  if (got < kNifti1HeaderBytes) return Error{"file is too short for a NIfTI header: " + path};
  auto h = parseHeader(raw, static_cast<size_t>(got));
  if (!h) return Error{h.error() + ": " + path};
  if (!h->single_file) {  // .hdr + .img: the voxels live in the image file
    const std::string img = niftiImageFile(path, *h);
    GzFile data = openGz(img);
    if (!data) return Error{"the image file next to " + path + " is missing"};
    if (gzseek(data.get(), static_cast<z_off_t>(h->vox_offset), SEEK_SET) < 0)
      return Error{"cannot read " + img};
    auto bytes = countRemaining(data.get());
    if (!bytes) return Error{bytes.error() + ": " + img};
    if (*bytes < h->payloadBytes()) return Error{"file is truncated: " + img};
  } else {
    auto rest = countRemaining(f.get());
    if (!rest) return Error{rest.error() + ": " + path};
    const auto available = *rest + got - static_cast<std::int64_t>(h->vox_offset);
    if (available < h->payloadBytes())
      return Error{"file is truncated: " + std::to_string(h->payloadBytes()) +
                   " bytes of voxels expected, " +
                   std::to_string(std::max<std::int64_t>(available, 0)) + " present: " + path};
  }
  return *h;
}

}  // namespace tmsnav
