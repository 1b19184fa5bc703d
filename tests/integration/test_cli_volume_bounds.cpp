// Bounded memory (issue 28, item 3): every volume reader (NIfTI-1, NIfTI-2, NRRD, MetaImage)
// checks the header's sizes against kMaxVoxels and the file's real payload before it
// allocates. Each tiny hostile file here claims gigabytes; `tmsnav info` must refuse it with
// exit 2 and an error naming the problem, and the process's peak resident memory (measured
// by the kernel, wait4's ru_maxrss) must stay under kPeakRssBoundKb.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <thread>

#include <zlib.h>

#include "tests/support/test_support.h"

using namespace tmsnav::test;

namespace {
constexpr long kPeakRssBoundKb = 2L * 1024 * 1024;  // 2 GiB: far below any claim here
// A safety net for the shared machine, not the measure: a reader that did try to allocate
// tens of GB gets bad_alloc (and fails the message check) instead of swapping the host.
// Not under ASan (scripts/test --sanitize), whose shadow memory needs the address space;
// there ASan's own allocation limit and the peak RSS bound still apply.
constexpr rlim_t kAddressSpaceLimitBytes = rlim_t{16} << 30;
constexpr int kHangBoundS = 120;  // bounds a hang only

struct Measured {
  int exit_code = -1;
  long max_rss_kb = 0;
  std::string err;
};

// Runs `tmsnav info <file>` as a direct child and reads its own peak RSS from wait4.
Measured runInfo(const std::string& file) {
  const std::string dir = freshTempDir("rss");
  const std::string err_path = dir + "/err";
  const pid_t pid = fork();
  if (pid == 0) {
    const int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const int null = ::open("/dev/null", O_RDWR);
    dup2(null, 0), dup2(null, 1), dup2(err, 2);
#ifndef __SANITIZE_ADDRESS__  // ASan reserves terabytes of shadow address space up front
    const rlimit as{kAddressSpaceLimitBytes, kAddressSpaceLimitBytes};
    setrlimit(RLIMIT_AS, &as);
#endif
    const std::string bin = tmsnavBinary();
    execl(bin.c_str(), bin.c_str(), "info", file.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  Measured m;
  rusage usage{};
  int status = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(kHangBoundS);
  while (wait4(pid, &status, WNOHANG, &usage) == 0) {
    if (std::chrono::steady_clock::now() > deadline) {
      kill(pid, SIGKILL);
      wait4(pid, &status, 0, &usage);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  m.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  m.max_rss_kb = usage.ru_maxrss;
  m.err = readFile(err_path);
  return m;
}

void expectRefusedInBoundedMemory(const std::string& file, const std::string& must_mention) {
  const Measured m = runInfo(file);
  EXPECT_EQ(m.exit_code, 2) << file << "\nstderr: " << m.err;
  EXPECT_EQ(m.err.rfind("error: ", 0), 0u) << m.err;
  EXPECT_EQ(m.err.find('\n'), m.err.size() - 1) << "more than one line: " << m.err;
  EXPECT_NE(m.err.find(must_mention), std::string::npos) << m.err;
  EXPECT_GT(m.max_rss_kb, 0) << "no peak RSS measured";
  EXPECT_LT(m.max_rss_kb, kPeakRssBoundKb) << file;
  std::printf("[ measured ] %s: peak RSS %ld MiB\n", file.c_str(), m.max_rss_kb / 1024);
}

template <class T>
void put(std::string& h, size_t at, T v) {
  std::memcpy(&h[at], &v, sizeof v);
}

// A NIfTI-1 header (352 bytes with the extension flag) and `tail` bytes of voxels.
std::string nifti1(int nx, int ny, int nz, int datatype, int bitpix, size_t tail) {
  std::string h(352 + tail, '\0');
  put<std::int32_t>(h, 0, 348);
  put<std::int16_t>(h, 40, 3);
  put<std::int16_t>(h, 42, static_cast<std::int16_t>(nx));
  put<std::int16_t>(h, 44, static_cast<std::int16_t>(ny));
  put<std::int16_t>(h, 46, static_cast<std::int16_t>(nz));
  put<std::int16_t>(h, 70, static_cast<std::int16_t>(datatype));
  put<std::int16_t>(h, 72, static_cast<std::int16_t>(bitpix));
  for (int d = 0; d <= 3; ++d) put<float>(h, 76 + 4 * d, 1.0f);
  put<float>(h, 108, 352.0f);
  std::memcpy(&h[344], "n+1\0", 4);
  return h;
}

// A NIfTI-2 header (540 bytes + 4 of extension flag) with 64-bit dims.
std::string nifti2(std::int64_t nx, std::int64_t ny, std::int64_t nz, size_t tail) {
  std::string h(544 + tail, '\0');
  put<std::int32_t>(h, 0, 540);
  std::memcpy(&h[4], "n+2\0\r\n\x1a\n", 8);
  put<std::int16_t>(h, 12, 4);  // int16
  put<std::int16_t>(h, 14, 16);
  const std::int64_t dim[4] = {3, nx, ny, nz};
  for (int d = 0; d < 4; ++d) put<std::int64_t>(h, 16 + 8 * d, dim[d]);
  for (int d = 0; d <= 3; ++d) put<double>(h, 104 + 8 * d, 1.0);
  put<std::int64_t>(h, 168, 544);
  return h;
}

std::string gzipped(const std::string& bytes) {
  uLongf size = compressBound(bytes.size()) + 64;
  std::string out(size, '\0');
  z_stream z{};
  deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);  // gzip wrapper
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  z.avail_in = static_cast<uInt>(bytes.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

std::string nrrd(const std::string& sizes, const std::string& encoding,
                 const std::string& payload) {
  return "NRRD0004\ntype: float\ndimension: 3\nspace: left-posterior-superior\nsizes: " + sizes +
         "\nspace directions: (1,0,0) (0,1,0) (0,0,1)\nendian: little\nencoding: " + encoding +
         "\nspace origin: (0,0,0)\n\n" + payload;
}

std::string mha(const std::string& dims, bool compressed, const std::string& payload) {
  return std::string(
             "ObjectType = Image\nNDims = 3\nBinaryData = True\nBinaryDataByteOrderMSB = "
             "False\nCompressedData = ") +
         (compressed ? "True" : "False") +
         "\nOffset = 0 0 0\nElementSpacing = 1 1 1\nDimSize = " + dims +
         "\nElementType = MET_FLOAT\nElementDataFile = LOCAL\n" + payload;
}
}  // namespace

TEST(BoundedMemory, HugeNiftiClaimsAreRefusedBeforeAllocating) {
  const std::string d = freshTempDir("huge-nifti");
  // 377 bytes asking for 2048 x 2048 x 1100 int32: 18.4 GB, past the voxel cap.
  const std::string huge = nifti1(2048, 2048, 1100, 8, 32, 25);
  ASSERT_EQ(huge.size(), 377u);
  writeFile(d + "/huge.nii", huge);
  expectRefusedInBoundedMemory(d + "/huge.nii", "more than 1024^3 voxels");
  // Within the cap (1024 x 1024 x 1000 float, 4.2 GB) but the file holds 25 bytes of it.
  writeFile(d + "/short.nii", nifti1(1024, 1024, 1000, 16, 32, 25));
  expectRefusedInBoundedMemory(d + "/short.nii", "truncated");
  writeFile(d + "/short.nii.gz", gzipped(nifti1(1024, 1024, 1000, 16, 32, 25)));
  expectRefusedInBoundedMemory(d + "/short.nii.gz", "truncated");
  // NIfTI-2: 64-bit dims, 10^15 voxels; and 1000^3 with 25 bytes.
  writeFile(d + "/huge2.nii", nifti2(100000, 100000, 100000, 25));
  expectRefusedInBoundedMemory(d + "/huge2.nii", "more than 1024^3 voxels");
  writeFile(d + "/short2.nii.gz", gzipped(nifti2(1000, 1000, 1000, 25)));
  expectRefusedInBoundedMemory(d + "/short2.nii.gz", "truncated");
  // Dims whose product overflows 64 bits must not wrap into a small number.
  writeFile(d + "/overflow2.nii", nifti2(std::int64_t{1} << 40, std::int64_t{1} << 40, 4, 25));
  expectRefusedInBoundedMemory(d + "/overflow2.nii", "voxels");
}

TEST(BoundedMemory, HugeNrrdClaimsAreRefusedBeforeAllocating) {
  const std::string d = freshTempDir("huge-nrrd");
  const std::string bytes(100, '\x01');
  writeFile(d + "/huge.nrrd", nrrd("100000 100000 100000", "raw", bytes));
  expectRefusedInBoundedMemory(d + "/huge.nrrd", "more than 1024^3 voxels");
  writeFile(d + "/short.nrrd", nrrd("1000 1000 1000", "raw", bytes));
  expectRefusedInBoundedMemory(d + "/short.nrrd", "truncated");
  writeFile(d + "/short_gz.nrrd", nrrd("1000 1000 1000", "gzip", gzipped(bytes)));
  expectRefusedInBoundedMemory(d + "/short_gz.nrrd", "truncated");
  // A detached header whose data file is too short.
  writeFile(d + "/short.raw", bytes);
  std::string nhdr = nrrd("512 512 512", "raw", "");
  nhdr.insert(nhdr.size() - 1, "data file: short.raw\n");
  writeFile(d + "/short.nhdr", nhdr);
  expectRefusedInBoundedMemory(d + "/short.nhdr", "truncated");
}

TEST(BoundedMemory, HugeMetaImageClaimsAreRefusedBeforeAllocating) {
  const std::string d = freshTempDir("huge-mha");
  const std::string bytes(100, '\x01');
  writeFile(d + "/huge.mha", mha("100000 100000 100000", false, bytes));
  expectRefusedInBoundedMemory(d + "/huge.mha", "more than 1024^3 voxels");
  writeFile(d + "/short.mha", mha("1000 1000 1000", false, bytes));
  expectRefusedInBoundedMemory(d + "/short.mha", "truncated");
  std::string z(compressBound(bytes.size()), '\0');
  uLongf zlen = z.size();
  compress(reinterpret_cast<Bytef*>(z.data()), &zlen, reinterpret_cast<const Bytef*>(bytes.data()),
           bytes.size());
  z.resize(zlen);
  writeFile(d + "/short_z.mha", mha("1000 1000 1000", true, z));
  expectRefusedInBoundedMemory(d + "/short_z.mha", "truncated");
  // A detached .mhd whose .raw holds 100 bytes of a 512^3 float volume.
  writeFile(d + "/short.raw", bytes);
  std::string mhd = mha("512 512 512", false, "");
  mhd.replace(mhd.find("LOCAL"), 5, "short.raw");
  writeFile(d + "/short.mhd", mhd);
  expectRefusedInBoundedMemory(d + "/short.mhd", "truncated");
}

// Found by `scripts/fuzz dicom_scan` (issue 28): GDCM allocates an element's value at the
// length its header declares, so one 88 kB slice whose element claimed 3.4 GB made the folder
// scan allocate 3.4 GB. Reproduced here from real slices (the same claim, 0xcd000000 bytes);
// tmsnav walks every element first (imaging/dicom_lengths.h) and refuses the file.
TEST(BoundedMemory, DicomElementClaimingGigabytesIsRefusedBeforeAllocating) {
  constexpr std::uint32_t kClaim = 0xcd000000u;  // 3,439,329,280 bytes: the fuzzer's
  const std::string d = freshTempDir("huge-dicom-element");
  auto patched = [&](const std::string& file, const std::string& element, size_t length_at) {
    std::string bytes = readFile(testData("dicom/transfer_syntaxes/" + file));
    const size_t at = bytes.rfind(element);
    EXPECT_NE(at, std::string::npos) << file;
    if (at != std::string::npos) put<std::uint32_t>(bytes, at + length_at, kClaim);
    return bytes;
  };
  // Implicit VR little endian: Series Description (0008,103E) with a 4-byte length.
  std::filesystem::create_directories(d + "/implicit");
  writeFile(d + "/implicit/slice.dcm", patched("2.dcm", std::string("\x08\x00\x3e\x10", 4), 4));
  expectRefusedInBoundedMemory(d + "/implicit", "claims 3439329280 bytes");
  expectRefusedInBoundedMemory(d + "/implicit/slice.dcm", "claims 3439329280 bytes");
  // Explicit VR little endian: Pixel Data (7FE0,0010) OW, its length after 2 reserved bytes.
  std::filesystem::create_directories(d + "/explicit");
  writeFile(d + "/explicit/slice.dcm",
            patched("1.dcm", std::string("\xe0\x7f\x10\x00OW\0\0", 8), 8));
  expectRefusedInBoundedMemory(d + "/explicit", "claims 3439329280 bytes");
  // Beside a good slice, the folder is refused as a whole, naming the file.
  writeFile(d + "/implicit/good.dcm", readFile(testData("dicom/transfer_syntaxes/2.dcm")));
  expectRefusedInBoundedMemory(d + "/implicit", "slice.dcm");
}

// The real files of issue 26 through the command line: read ones print their grid, the
// detached header over a NIfTI file is one "error:" line with exit 2.
TEST(BoundedMemory, RealNrrdAndNifti2FilesThroughTheCli) {
  for (const char* name : {"nrrd/BallBinary30x30x30_bz2.nrrd", "nrrd/test_simple4d_raw.nrrd",
                           "nifti2/example_nifti2.nii.gz"}) {
    const auto r = runTmsnav({"info", testData(name), "--json"}, kHangBoundS);
    EXPECT_EQ(r.exit_code, 0) << name << ": " << r.err;
    const auto j = r.json();
    ASSERT_TRUE(j.is_object()) << name << ": " << r.out;
    EXPECT_EQ(j["dims"].size(), 3u) << name;
  }
  EXPECT_EQ(runTmsnav({"info", testData("nifti2/example_nifti2.nii.gz"), "--json"}).json()["dims"],
            nlohmann::json::parse("[32,20,12]"));
  const Measured m = runInfo(testData("nrrd/BallBinary30x30x30_nifti.nhdr"));
  EXPECT_EQ(m.exit_code, 2) << m.err;
  EXPECT_EQ(m.err.find('\n'), m.err.size() - 1) << m.err;
  EXPECT_NE(m.err.find("is a NIfTI file, not raw voxels"), std::string::npos) << m.err;
}
