// NIfTI-2 and NRRD as real tools write them (nibabel's and pynrrd's own test files, MIT):
// each read with the geometry and voxels an independent reader finds, or refused with a
// reason that names the problem. Reference values: nibabel 5.0.0 (Debian python3-nibabel)
// and numpy on the raw/bzip2 payloads, computed once outside tmsnav and quoted here.
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>

#include <itkNrrdImageIO.h>
#include <zlib.h>

#include "core/coords.h"
#include "imaging/volume.h"
#include "tests/support/test_support.h"

using namespace tmsnav;
using namespace tmsnav::test;

namespace {
constexpr double kAffineTolMm = 1e-4;  // the headers store float/double; nibabel prints 12 digits
constexpr double kValueTol = 1e-6;

Eigen::Matrix4d voxelToRas(const Volume& v) {
  return rasMatrixFromLps(v.voxelToLps());
}

float at(const Volume& v, int i, int j, int k) {
  return v.image->GetPixel({{i, j, k}});
}

double sum(const Volume& v) {
  double s = 0;
  const size_t n = v.image->GetLargestPossibleRegion().GetNumberOfPixels();
  for (size_t i = 0; i < n; ++i) s += v.image->GetBufferPointer()[i];
  return s;
}

bool mentions(const std::vector<std::string>& warnings, const std::string& text) {
  for (const auto& w : warnings)
    if (w.find(text) != std::string::npos) return true;
  return false;
}

template <class T>
void putBig(std::string& h, size_t at, T v) {  // big-endian field
  unsigned char b[sizeof v];
  std::memcpy(b, &v, sizeof v);
  for (size_t i = 0; i < sizeof v; ++i) h[at + i] = static_cast<char>(b[sizeof v - 1 - i]);
}
}  // namespace

// nibabel 5.0.0: img.shape (32, 20, 12, 2); img.affine (the sform, code 1); the first
// volume's sum and two voxels from np.asanyarray(img.dataobj)[..., 0].
TEST(VolumeFormats, Nifti2ExampleHasNibabelsGeometryAndVoxels) {
  auto v = loadVolume(testData("nifti2/example_nifti2.nii.gz"));
  ASSERT_TRUE(v.ok()) << v.error();
  EXPECT_EQ(v->dims(), Eigen::Vector3i(32, 20, 12));
  Eigen::Matrix4d nibabel_affine;
  nibabel_affine << -2.0, 0.0, 0.0, 117.855102539062,          //
      0.0, 1.973711490631, -0.355528235435, -35.722942352295,  //
      0.0, 0.323207616806, 2.171081781387, -7.248798370361,    //
      0, 0, 0, 1;
  EXPECT_LT((voxelToRas(*v) - nibabel_affine).cwiseAbs().maxCoeff(), kAffineTolMm)
      << voxelToRas(*v);
  EXPECT_EQ(v->source, "nifti-sform");
  EXPECT_EQ(v->orientation(), "LAS");  // nib.aff2axcodes
  EXPECT_EQ(sum(*v), 3461748.0);
  EXPECT_EQ(at(*v, 1, 2, 3), 367.0f);
  EXPECT_EQ(at(*v, 31, 19, 11), 484.0f);
  EXPECT_TRUE(mentions(v->warnings, "2 volumes: using the first")) << v->warnings.size();
}

// A synthetic NIfTI-2 with a known answer: big-endian, 64-bit dims, scl_slope/inter, qform
// only (a 90-degree turn about z), gzip; every voxel checked.
TEST(VolumeFormats, Nifti2BigEndianScaledQformOnly) {
  const int nx = 4, ny = 3, nz = 2;
  std::string h(544, '\0');
  putBig<std::int32_t>(h, 0, 540);
  std::memcpy(&h[4], "n+2\0\r\n\x1a\n", 8);
  putBig<std::int16_t>(h, 12, 512);  // uint16
  putBig<std::int16_t>(h, 14, 16);
  const std::int64_t dim[4] = {3, nx, ny, nz};
  for (int d = 0; d < 4; ++d) putBig<std::int64_t>(h, 16 + 8 * d, dim[d]);
  const double pixdim[4] = {1.0, 2.0, 3.0, 4.0};
  for (int d = 0; d < 4; ++d) putBig<double>(h, 104 + 8 * d, pixdim[d]);
  putBig<std::int64_t>(h, 168, 544);
  putBig<double>(h, 176, 0.5);             // scl_slope
  putBig<double>(h, 184, 10.0);            // scl_inter
  putBig<std::int32_t>(h, 344, 1);         // qform_code
  putBig<double>(h, 368, std::sqrt(0.5));  // quatern_d: 90 degrees about z (b = c = 0)
  putBig<double>(h, 376, 5.0), putBig<double>(h, 384, -6.0), putBig<double>(h, 392, 7.0);
  for (int i = 0; i < nx * ny * nz; ++i) {
    std::string b(2, '\0');
    putBig<std::uint16_t>(b, 0, static_cast<std::uint16_t>(1000 + i));
    h += b;
  }
  const std::string d = freshTempDir("nifti2");
  writeFile(d + "/be.nii", h);
  gzFile gz = gzopen((d + "/be.nii.gz").c_str(), "wb");
  ASSERT_TRUE(gz != nullptr);
  ASSERT_EQ(gzwrite(gz, h.data(), static_cast<unsigned>(h.size())), static_cast<int>(h.size()));
  ASSERT_EQ(gzclose(gz), Z_OK);
  for (const char* name : {"/be.nii", "/be.nii.gz"}) {
    auto v = loadVolume(d + name);
    ASSERT_TRUE(v.ok()) << v.error();
    EXPECT_EQ(v->dims(), Eigen::Vector3i(nx, ny, nz));
    EXPECT_EQ(v->source, "nifti-qform");
    // R = rotation by +90 degrees about z: i -> +y, j -> -x; scaled by pixdim.
    Eigen::Matrix4d expected;
    expected << 0, -3, 0, 5,  //
        2, 0, 0, -6,          //
        0, 0, 4, 7,           //
        0, 0, 0, 1;
    EXPECT_LT((voxelToRas(*v) - expected).cwiseAbs().maxCoeff(), kAffineTolMm) << voxelToRas(*v);
    for (int k = 0; k < nz; ++k)
      for (int j = 0; j < ny; ++j)
        for (int i = 0; i < nx; ++i)
          EXPECT_NEAR(at(*v, i, j, k), 0.5 * (1000 + i + nx * (j + ny * k)) + 10.0, kValueTol);
  }
  // Cut inside the voxels: refused, not padded.
  writeFile(d + "/cut.nii", h.substr(0, h.size() - 3));
  auto cut = loadVolume(d + "/cut.nii");
  ASSERT_FALSE(cut.ok());
  EXPECT_NE(cut.error().find("truncated"), std::string::npos) << cut.error();
}

// pynrrd's BallBinary30x30x30: int16, LPS identity directions, origin 0; numpy on the raw
// payload sums to 3682296, and nibabel reads the same ball's NIfTI with affine
// diag(-1, -1, 1) (RAS) and the same sum.
TEST(VolumeFormats, NrrdRawAndBzip2BallsMatchTheirNiftiAndItk) {
  Eigen::Matrix4d lps_identity_as_ras = Eigen::Matrix4d::Identity();
  lps_identity_as_ras(0, 0) = lps_identity_as_ras(1, 1) = -1;
  auto raw = loadVolume(testData("nrrd/BallBinary30x30x30.nrrd"));
  auto bz2 = loadVolume(testData("nrrd/BallBinary30x30x30_bz2.nrrd"));
  auto nii = loadVolume(testData("nrrd/BallBinary30x30x30.nii.gz"));
  for (auto* v : {&raw, &bz2, &nii}) {
    ASSERT_TRUE(v->ok()) << v->error();
    EXPECT_EQ((*v)->dims(), Eigen::Vector3i(30, 30, 30));
    EXPECT_EQ(sum(**v), 3682296.0) << (*v)->path;
    EXPECT_LT((voxelToRas(**v) - lps_identity_as_ras).cwiseAbs().maxCoeff(), kAffineTolMm)
        << (*v)->path;
  }
  const size_t n = 30 * 30 * 30;
  EXPECT_TRUE(std::equal(raw->image->GetBufferPointer(), raw->image->GetBufferPointer() + n,
                         bz2->image->GetBufferPointer()));
  EXPECT_TRUE(std::equal(raw->image->GetBufferPointer(), raw->image->GetBufferPointer() + n,
                         nii->image->GetBufferPointer()));
  // ITK's own NRRD reader on the raw file: the same voxels in the same place.
  auto itk_read = readWithIo(itk::NrrdImageIO::New(), testData("nrrd/BallBinary30x30x30.nrrd"));
  ASSERT_TRUE(itk_read.ok()) << itk_read.error();
  EXPECT_LT((itk_read->voxelToLps() - raw->voxelToLps()).norm(), kAffineTolMm);
  EXPECT_TRUE(std::equal(raw->image->GetBufferPointer(), raw->image->GetBufferPointer() + n,
                         itk_read->image->GetBufferPointer()));
}

TEST(VolumeFormats, DetachedNrrdHeaderOverANiftiFileIsRefused) {
  auto v = loadVolume(testData("nrrd/BallBinary30x30x30_nifti.nhdr"));
  ASSERT_FALSE(v.ok());
  EXPECT_NE(v.error().find("data file BallBinary30x30x30.nii.gz is a NIfTI file"),
            std::string::npos)
      << v.error();
  // Renamed so that only the bytes tell: still refused.
  const std::string d = freshTempDir("nhdr-nifti");
  std::filesystem::copy_file(testData("nrrd/BallBinary30x30x30.nii.gz"), d + "/ball.dat");
  std::string header = readFile(testData("nrrd/BallBinary30x30x30_nifti.nhdr"));
  header.replace(header.find("BallBinary30x30x30.nii.gz"), 25, "ball.dat");
  writeFile(d + "/ball.nhdr", header);
  auto renamed = loadVolume(d + "/ball.nhdr");
  ASSERT_FALSE(renamed.ok());
  EXPECT_NE(renamed.error().find("is a NIfTI file"), std::string::npos) << renamed.error();
}

// pynrrd's test_simple4d_raw: 1x1x1x1 doubles, a 'none' fourth axis, RAS directions
// 1.5/1.5/1 mm; its one value is 0.76903426 (the 8 payload bytes as a little-endian double).
TEST(VolumeFormats, FourDimensionalNrrdWithAListAxis) {
  auto v = loadVolume(testData("nrrd/test_simple4d_raw.nrrd"));
  ASSERT_TRUE(v.ok()) << v.error();
  EXPECT_EQ(v->dims(), Eigen::Vector3i(1, 1, 1));
  EXPECT_NEAR(at(*v, 0, 0, 0), 0.76903426, kValueTol);
  EXPECT_LT((voxelToRas(*v).diagonal() - Eigen::Vector4d(1.5, 1.5, 1, 1)).norm(), kAffineTolMm);
  EXPECT_TRUE(v->warnings.empty());  // one volume: nothing dropped

  // Three volumes along a trailing list axis: the first is read, and the warning says so.
  const std::string d = freshTempDir("nrrd4d");
  std::string payload;
  for (int vol = 0; vol < 3; ++vol)
    for (int i = 0; i < 8; ++i) payload += static_cast<char>(10 * vol + i);
  const std::string head =
      "NRRD0005\ntype: uchar\ndimension: 4\nspace: right-anterior-superior\nsizes: 2 2 2 3\n"
      "space directions: (2,0,0) (0,2,0) (0,0,2) none\nkinds: domain domain domain list\n"
      "encoding: raw\nspace origin: (1,2,3)\n\n";
  writeFile(d + "/three.nrrd", head + payload);
  auto three = loadVolume(d + "/three.nrrd");
  ASSERT_TRUE(three.ok()) << three.error();
  EXPECT_EQ(sum(*three), 0 + 1 + 2 + 3 + 4 + 5 + 6 + 7);
  EXPECT_TRUE(mentions(three->warnings, "3 volumes along its list axis: using the first"));
  EXPECT_LT((voxelToRas(*three).col(3) - Eigen::Vector4d(1, 2, 3, 1)).norm(), kAffineTolMm);
  // A list axis first interleaves values per voxel (vectors, DWI): refused by name.
  std::string vec = head;
  vec.replace(vec.find("2 2 2 3"), 7, "3 2 2 2");
  vec.replace(vec.find("(2,0,0) (0,2,0) (0,0,2) none"), 28, "none (2,0,0) (0,2,0) (0,0,2)");
  vec.replace(vec.find("domain domain domain list"), 25, "vector domain domain domain");
  writeFile(d + "/vector.nrrd", vec + payload);
  auto vector = loadVolume(d + "/vector.nrrd");
  ASSERT_FALSE(vector.ok());
  EXPECT_NE(vector.error().find("3 values per voxel"), std::string::npos) << vector.error();
}

TEST(VolumeFormats, TruncatedNrrdPayloadsAreRefused) {
  const std::string d = freshTempDir("nrrd-cut");
  const std::string raw = readFile(testData("nrrd/BallBinary30x30x30.nrrd"));
  writeFile(d + "/cut.nrrd", raw.substr(0, raw.size() - 1));
  const std::string bz2 = readFile(testData("nrrd/BallBinary30x30x30_bz2.nrrd"));
  writeFile(d + "/cut_bz2.nrrd", bz2.substr(0, bz2.size() - 20));
  for (const char* name : {"/cut.nrrd", "/cut_bz2.nrrd"}) {
    auto v = loadVolume(d + name);
    ASSERT_FALSE(v.ok()) << name;
    EXPECT_NE(v.error().find("truncated"), std::string::npos) << v.error();
  }
}

// tmsnav's NRRD geometry against ITK's own NRRD reader on oblique headers in each space
// tmsnav decodes (RAS, LAS, LPS), big-endian, with a detached gzip data file and a byte
// skip: the same voxels at the same LPS positions. ITK reads each header's LPS equivalent
// (the vectors' coordinates turned to LPS by the NRRD spec's axis names), because ITK 5.2
// mirrors LAS headers left-right (ITK issue 5207, fixed in 2025 by PR 5224); for RAS and
// LPS its reading of the header itself must agree too.
TEST(VolumeFormats, ObliqueNrrdGeometryMatchesItkInEverySpace) {
  const std::string d = freshTempDir("nrrd-oblique");
  std::string payload;  // 3x4x5 big-endian int16, value = index
  for (int i = 0; i < 60; ++i) payload += {static_cast<char>(i >> 8), static_cast<char>(i & 255)};
  const std::string skipped = std::string(7, 'x') + payload;
  gzFile gz = gzopen((d + "/data.raw.gz").c_str(), "wb");
  ASSERT_TRUE(gz != nullptr);
  ASSERT_EQ(gzwrite(gz, skipped.data(), static_cast<unsigned>(skipped.size())),
            static_cast<int>(skipped.size()));
  ASSERT_EQ(gzclose(gz), Z_OK);
  const Eigen::Vector3d dirs[3] = {{0.8, 0.6, 0}, {-1.2, 1.6, 0}, {0, 0, 2.5}};
  const Eigen::Vector3d origin(10, -20, 30);
  auto vec = [](const Eigen::Vector3d& v) {
    char buf[96];
    std::snprintf(buf, sizeof buf, "(%.17g,%.17g,%.17g)", v.x(), v.y(), v.z());
    return std::string(buf);
  };
  auto header = [&](const std::string& space, const Eigen::Vector3d& to_lps) {
    return "NRRD0004\ntype: short\ndimension: 3\nspace: " + space +
           "\nsizes: 3 4 5\nspace directions: " + vec(to_lps.cwiseProduct(dirs[0])) + " " +
           vec(to_lps.cwiseProduct(dirs[1])) + " " + vec(to_lps.cwiseProduct(dirs[2])) +
           "\nkinds: domain domain domain\nendian: big\nencoding: gzip\nbyte skip: 7\n"
           "space origin: " +
           vec(to_lps.cwiseProduct(origin)) + "\ndata file: data.raw.gz\n";
  };
  const struct {
    const char* space;
    Eigen::Vector3d to_lps;  // sign of each axis name against L, P, S
  } spaces[] = {{"right-anterior-superior", {-1, -1, 1}},
                {"left-anterior-superior", {1, -1, 1}},
                {"left-posterior-superior", {1, 1, 1}}};
  for (const auto& sp : spaces) {
    const std::string path = d + "/" + std::string(sp.space, 4) + ".nhdr";
    writeFile(path, header(sp.space, Eigen::Vector3d(1, 1, 1)));
    writeFile(d + "/lps_equivalent.nhdr", header("left-posterior-superior", sp.to_lps));
    auto ours = loadVolume(path);
    ASSERT_TRUE(ours.ok()) << ours.error();
    auto itk_read = readWithIo(itk::NrrdImageIO::New(), d + "/lps_equivalent.nhdr");
    ASSERT_TRUE(itk_read.ok()) << itk_read.error();
    EXPECT_LT((ours->voxelToLps() - itk_read->voxelToLps()).cwiseAbs().maxCoeff(), kAffineTolMm)
        << sp.space << "\nours:\n"
        << ours->voxelToLps() << "\nITK:\n"
        << itk_read->voxelToLps();
    if (std::string(sp.space) != "left-anterior-superior") {
      auto itk_same = readWithIo(itk::NrrdImageIO::New(), path);
      ASSERT_TRUE(itk_same.ok()) << itk_same.error();
      EXPECT_LT((ours->voxelToLps() - itk_same->voxelToLps()).cwiseAbs().maxCoeff(), kAffineTolMm)
          << sp.space;
    }
    for (int i = 0; i < 60; ++i) {
      EXPECT_EQ(ours->image->GetBufferPointer()[i], static_cast<float>(i)) << sp.space;
      EXPECT_EQ(itk_read->image->GetBufferPointer()[i], static_cast<float>(i)) << sp.space;
    }
  }
}
