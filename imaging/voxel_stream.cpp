#include "imaging/voxel_stream.h"

#include <bzlib.h>
#include <zlib.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <vector>

#include "core/coords.h"

namespace tmsnav {

namespace {
constexpr size_t kChunkBytes = 1 << 16;
constexpr std::int64_t kProductLimit = std::int64_t{1} << 62;

using File = std::unique_ptr<std::FILE, decltype(&std::fclose)>;

// Decompressed bytes from a file position on. read() returns 0 at the end of the stream.
class ByteStream {
 public:
  virtual ~ByteStream() = default;
  virtual Result<size_t> read(char* out, size_t n) = 0;
};

class RawStream : public ByteStream {
 public:
  explicit RawStream(File f) : f_(std::move(f)) {}
  Result<size_t> read(char* out, size_t n) override {
    const size_t got = std::fread(out, 1, n, f_.get());
    if (got == 0 && std::ferror(f_.get())) return Error{"read error"};
    return got;
  }

 private:
  File f_;
};

// gzip or zlib (inflate detects which); concatenated gzip members are read in turn, as
// gzip(1) and zlib's gzread do.
class GzipStream : public ByteStream {
 public:
  explicit GzipStream(File f) : f_(std::move(f)), in_(kChunkBytes) {
    ok_ = inflateInit2(&z_, 15 + 32) == Z_OK;
  }
  ~GzipStream() override {
    if (ok_) inflateEnd(&z_);
  }
  Result<size_t> read(char* out, size_t n) override {
    if (!ok_) return Error{"cannot start zlib"};
    z_.next_out = reinterpret_cast<Bytef*>(out);
    z_.avail_out = static_cast<uInt>(n);
    while (z_.avail_out > 0 && !done_) {
      if (z_.avail_in == 0) {
        const size_t got = std::fread(in_.data(), 1, in_.size(), f_.get());
        if (got == 0) {
          if (!finished_member_) return Error{"compressed data is truncated"};
          done_ = true;
          break;
        }
        z_.next_in = reinterpret_cast<Bytef*>(in_.data());
        z_.avail_in = static_cast<uInt>(got);
      }
      finished_member_ = false;
      const int rc = inflate(&z_, Z_NO_FLUSH);
      if (rc == Z_STREAM_END) {
        finished_member_ = true;
        inflateReset(&z_);
        if (!nextMemberFollows()) done_ = true;  // trailing bytes that are not gzip: ignored
      } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
        return Error{std::string("compressed data is corrupt (") + (z_.msg ? z_.msg : "zlib") +
                     ")"};
      }
    }
    return n - z_.avail_out;
  }

 private:
  bool nextMemberFollows() {
    if (z_.avail_in == 0) {
      const size_t got = std::fread(in_.data(), 1, in_.size(), f_.get());
      if (got == 0) return false;
      z_.next_in = reinterpret_cast<Bytef*>(in_.data());
      z_.avail_in = static_cast<uInt>(got);
    }
    return z_.next_in[0] == 0x1f;
  }

  File f_;
  std::vector<char> in_;
  z_stream z_{};
  bool ok_ = false, done_ = false, finished_member_ = false;
};

class Bzip2Stream : public ByteStream {
 public:
  explicit Bzip2Stream(File f) : f_(std::move(f)), in_(kChunkBytes) {
    ok_ = BZ2_bzDecompressInit(&bz_, 0, 0) == BZ_OK;
  }
  ~Bzip2Stream() override {
    if (ok_) BZ2_bzDecompressEnd(&bz_);
  }
  Result<size_t> read(char* out, size_t n) override {
    if (!ok_) return Error{"cannot start bzip2"};
    bz_.next_out = out;
    bz_.avail_out = static_cast<unsigned>(n);
    while (bz_.avail_out > 0 && !done_) {
      if (bz_.avail_in == 0) {
        const size_t got = std::fread(in_.data(), 1, in_.size(), f_.get());
        if (got == 0) {
          if (!finished_stream_) return Error{"compressed data is truncated"};
          done_ = true;
          break;
        }
        bz_.next_in = in_.data();
        bz_.avail_in = static_cast<unsigned>(got);
      }
      finished_stream_ = false;
      const int rc = BZ2_bzDecompress(&bz_);
      if (rc == BZ_STREAM_END) {  // bzip2(1) may concatenate streams: start the next one
        finished_stream_ = true;
        BZ2_bzDecompressEnd(&bz_);
        ok_ = BZ2_bzDecompressInit(&bz_, 0, 0) == BZ_OK;
        if (!ok_) return Error{"cannot restart bzip2"};
      } else if (rc != BZ_OK) {
        return Error{"bzip2 data is corrupt (code " + std::to_string(rc) + ")"};
      }
    }
    return n - bz_.avail_out;
  }

 private:
  File f_;
  std::vector<char> in_;
  bz_stream bz_{};
  bool ok_ = false, done_ = false, finished_stream_ = false;
};

Result<std::unique_ptr<ByteStream>> open(const PayloadSource& s) {
  File f(std::fopen(s.path.c_str(), "rb"), &std::fclose);
  if (!f) return Error{"cannot open " + s.path};
  if (s.file_offset < 0 || std::fseek(f.get(), static_cast<long>(s.file_offset), SEEK_SET) != 0)
    return Error{"cannot seek in " + s.path};
  std::unique_ptr<ByteStream> stream;
  switch (s.compression) {
    case Compression::kNone:
      stream = std::make_unique<RawStream>(std::move(f));
      break;
    case Compression::kGzip:
      stream = std::make_unique<GzipStream>(std::move(f));
      break;
    case Compression::kBzip2:
      stream = std::make_unique<Bzip2Stream>(std::move(f));
      break;
  }
  // Skip the bytes before the voxels (decompressed), in fixed memory.
  std::vector<char> buf(kChunkBytes);
  for (std::int64_t left = s.skip; left > 0;) {
    auto got =
        stream->read(buf.data(), static_cast<size_t>(std::min<std::int64_t>(left, kChunkBytes)));
    if (!got) return Error{got.error()};
    if (*got == 0) return Error{"file ends before its voxels start"};
    left -= static_cast<std::int64_t>(*got);
  }
  return stream;
}

template <class T>
T load(const char* p, bool swap) {
  T v;
  std::memcpy(&v, p, sizeof v);
  if (swap) {
    auto* b = reinterpret_cast<unsigned char*>(&v);
    std::reverse(b, b + sizeof v);
  }
  return v;
}

double decode(const char* p, VoxelType t, bool swap) {
  switch (t) {
    case VoxelType::kU8:
      return load<std::uint8_t>(p, false);
    case VoxelType::kI8:
      return load<std::int8_t>(p, false);
    case VoxelType::kU16:
      return load<std::uint16_t>(p, swap);
    case VoxelType::kI16:
      return load<std::int16_t>(p, swap);
    case VoxelType::kU32:
      return load<std::uint32_t>(p, swap);
    case VoxelType::kI32:
      return load<std::int32_t>(p, swap);
    case VoxelType::kU64:
      return static_cast<double>(load<std::uint64_t>(p, swap));
    case VoxelType::kI64:
      return static_cast<double>(load<std::int64_t>(p, swap));
    case VoxelType::kF32:
      return load<float>(p, swap);
    case VoxelType::kF64:
      return load<double>(p, swap);
  }
  return 0;
}

bool hostIsBigEndian() {
  const std::uint16_t one = 1;
  unsigned char first;
  std::memcpy(&first, &one, 1);
  return first == 0;
}
}  // namespace

int bytesPerVoxel(VoxelType type) {
  switch (type) {
    case VoxelType::kU8:
    case VoxelType::kI8:
      return 1;
    case VoxelType::kU16:
    case VoxelType::kI16:
      return 2;
    case VoxelType::kU32:
    case VoxelType::kI32:
    case VoxelType::kF32:
      return 4;
    case VoxelType::kU64:
    case VoxelType::kI64:
    case VoxelType::kF64:
      return 8;
  }
  return 1;
}

std::int64_t checkedProduct(std::int64_t a, std::int64_t b) {
  if (a < 0 || b < 0) return -1;
  if (a != 0 && b > kProductLimit / a) return -1;
  return a * b;
}

Compression sniffGzip(const std::string& path) {
  File f(std::fopen(path.c_str(), "rb"), &std::fclose);
  unsigned char magic[2] = {0, 0};
  if (f && std::fread(magic, 1, 2, f.get()) == 2 && magic[0] == 0x1f && magic[1] == 0x8b)
    return Compression::kGzip;
  return Compression::kNone;
}

Result<std::int64_t> payloadBytesAvailable(const PayloadSource& source) {
  if (source.compression == Compression::kNone) {  // no need to read what stat says
    std::error_code ec;
    const auto size = std::filesystem::file_size(source.path, ec);
    if (ec) return Error{"cannot open " + source.path};
    return std::max<std::int64_t>(
        0, static_cast<std::int64_t>(size) - source.file_offset - source.skip);
  }
  auto stream = open(source);
  if (!stream) return Error{stream.error()};
  std::vector<char> buf(kChunkBytes);
  std::int64_t total = 0;
  for (;;) {
    auto got = (*stream)->read(buf.data(), buf.size());
    if (!got) return Error{got.error()};
    if (*got == 0) return total;
    total += static_cast<std::int64_t>(*got);
  }
}

Result<ImageF::Pointer> readFirstVolume(const PayloadSource& source, const VoxelLayout& layout) {
  const std::int64_t voxels = std::int64_t{layout.dims.x()} * layout.dims.y() * layout.dims.z();
  if (layout.dims.minCoeff() < 1 || voxels > kMaxVoxels)
    return Error{"volume size is out of range"};
  auto stream = open(source);
  if (!stream) return Error{stream.error()};
  auto image = ImageF::New();
  ImageF::RegionType region;
  region.SetSize({{static_cast<ImageF::SizeValueType>(layout.dims.x()),
                   static_cast<ImageF::SizeValueType>(layout.dims.y()),
                   static_cast<ImageF::SizeValueType>(layout.dims.z())}});
  image->SetRegions(region);
  image->Allocate();
  float* out = image->GetBufferPointer();
  const int bpv = bytesPerVoxel(layout.type);
  const bool swap = layout.big_endian != hostIsBigEndian();
  // Whole voxels per chunk, so that none straddles two reads.
  std::vector<char> buf(kChunkBytes - kChunkBytes % bpv);
  std::int64_t done = 0;
  while (done < voxels) {
    const std::int64_t want = std::min<std::int64_t>(voxels - done, buf.size() / bpv) * bpv;
    size_t have = 0;
    while (have < static_cast<size_t>(want)) {
      auto got = (*stream)->read(buf.data() + have, static_cast<size_t>(want) - have);
      if (!got) return Error{got.error()};
      if (*got == 0)
        return Error{"file is truncated: " + std::to_string(voxels * bpv) +
                     " bytes of voxels expected, " + std::to_string(done * bpv + have) +
                     " present"};
      have += *got;
    }
    for (std::int64_t i = 0; i < want / bpv; ++i)
      out[done + i] = static_cast<float>(
          layout.slope * decode(buf.data() + i * bpv, layout.type, swap) + layout.intercept);
    done += want / bpv;
  }
  return image;
}

void placeImage(ImageF* image, const Eigen::Matrix4d& voxel_to_ras) {
  const Eigen::Matrix4d lps = lpsMatrixFromRas(voxel_to_ras);
  ImageF::SpacingType spacing;
  ImageF::DirectionType direction;
  ImageF::PointType origin;
  for (int c = 0; c < 3; ++c) {
    const Eigen::Vector3d axis = lps.block<3, 1>(0, c);
    spacing[c] = axis.norm();
    for (int r = 0; r < 3; ++r) direction(r, c) = axis[r] / spacing[c];
    origin[c] = lps(c, 3);
  }
  image->SetSpacing(spacing);
  image->SetDirection(direction);
  image->SetOrigin(origin);
}

}  // namespace tmsnav
