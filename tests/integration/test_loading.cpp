// Loading real and constructed volumes in-process: geometry must put every voxel where it
// is in the world, whatever the format, axis order, flips, sform/qform or DICOM ordering.
#include <gtest/gtest.h>

#include <filesystem>

#include <itkCastImageFilter.h>
#include <itkImageFileWriter.h>

#include "core/coords.h"
#include "imaging/dicom_series.h"
#include "imaging/head_model.h"
#include "imaging/volume.h"
#include "tests/support/nifti_writer.h"
#include "tests/support/test_support.h"

using namespace tmsnav;
using namespace tmsnav::test;

namespace {
constexpr double kWorldTolMm = 0.01;               // issue 3: same anatomical voxel, same place
constexpr double kHeadVolumeRelTol = 0.01;         // issue: same head within 1 %
constexpr double kTransferSyntaxSum = 38036663.0;  // tests/data/README.md

Eigen::Vector3d world(const Volume& v, const Eigen::Vector3d& ijk) {
  return rasFromLps((v.voxelToLps() * ijk.homogeneous()).head<3>());
}

float at(const Volume& v, const Eigen::Vector3i& ijk) {
  ImageF::IndexType idx = {{ijk.x(), ijk.y(), ijk.z()}};
  return v.image->GetPixel(idx);
}

double sum(const Volume& v) {
  double s = 0;
  const size_t n = v.image->GetLargestPossibleRegion().GetNumberOfPixels();
  for (size_t i = 0; i < n; ++i) s += v.image->GetBufferPointer()[i];
  return s;
}

struct Reorder {
  std::array<int, 3> perm;   // new axis a holds old axis perm[a]
  std::array<bool, 3> flip;  // and runs backwards
  bool sform, qform;
  std::string orientation;  // expected axis codes of the result
};

// Writes ch2 reordered, with an affine that keeps every voxel at its world position.
void writeReordered(const Volume& ch2, const Reorder& r, const std::string& path) {
  const Eigen::Vector3i d = ch2.dims();
  Eigen::Matrix4d new_to_old = Eigen::Matrix4d::Zero();
  new_to_old(3, 3) = 1;
  std::array<int, 4> dims{1, 1, 1, 1};
  for (int a = 0; a < 3; ++a) {
    new_to_old(r.perm[a], a) = r.flip[a] ? -1 : 1;
    new_to_old(r.perm[a], 3) = r.flip[a] ? d[r.perm[a]] - 1 : 0;
    dims[a] = d[r.perm[a]];
  }
  std::vector<std::uint8_t> data(static_cast<size_t>(dims[0]) * dims[1] * dims[2]);
  size_t k = 0;
  for (int z = 0; z < dims[2]; ++z)
    for (int y = 0; y < dims[1]; ++y)
      for (int x = 0; x < dims[0]; ++x) {
        const Eigen::Vector4d o = new_to_old * Eigen::Vector4d(x, y, z, 1);
        data[k++] = static_cast<std::uint8_t>(at(ch2, o.head<3>().cast<int>()));
      }
  NiftiSpec spec;
  spec.dims = dims;
  const Eigen::Matrix4d v2r = rasMatrixFromLps(ch2.voxelToLps()) * new_to_old;
  spec.sform = v2r, spec.qform = v2r;
  spec.sform_code = r.sform ? 4 : 0;
  spec.qform_code = r.qform ? 1 : 0;
  writeNifti(path, spec, data);
}
}  // namespace

TEST(Loading, SiemensSagittalDicomSeries) {
  auto v = loadHeadVolume(testData("dicom/siemens_t1_sag_hfs"));
  ASSERT_TRUE(v.ok()) << v.error();
  EXPECT_EQ(v->dims(), Eigen::Vector3i(256, 256, 35));
  EXPECT_LT((v->spacingMm() - Eigen::Vector3d(1.015625, 1.015625, 4.8)).norm(), 1e-3);
  // IOP 0\1\0\0\0\-1 (LPS): rows run posterior, columns inferior; slices sorted along the
  // normal, which points to the patient's right.
  const Eigen::Matrix4d v2r = rasMatrixFromLps(v->voxelToLps());
  EXPECT_LT((v2r.block<3, 1>(0, 0).normalized() - Eigen::Vector3d(0, -1, 0)).norm(), 1e-6);
  EXPECT_LT((v2r.block<3, 1>(0, 1).normalized() - Eigen::Vector3d(0, 0, -1)).norm(), 1e-6);
  EXPECT_LT((v2r.block<3, 1>(0, 2).normalized() - Eigen::Vector3d(1, 0, 0)).norm(), 1e-6);
  EXPECT_EQ(v->orientation(), "PIR");
  EXPECT_EQ(v->source, "dicom");
  ASSERT_EQ(v->series.size(), 1u);
  EXPECT_EQ(v->series[0].slices, 35);
  // A file of the series means the series; "info" on the file alone reads one slice.
  const std::string one = v->series[0].files[10];
  auto series = loadHeadVolume(one);
  ASSERT_TRUE(series.ok()) << series.error();
  EXPECT_EQ(series->dims().z(), 35);
  auto alone = loadVolume(one);
  ASSERT_TRUE(alone.ok()) << alone.error();
  EXPECT_EQ(alone->dims().z(), 1);
}

TEST(Loading, EveryTransferSyntaxDecodesExactlyOrIsRefusedByName) {
  // The pixels only: as a scan these mosaics are refused (test_dicom_flavours.cpp).
  for (int i = 1; i <= 9; ++i) {
    const std::string f = testData("dicom/transfer_syntaxes/" + std::to_string(i) + ".dcm");
    auto v = decodeDicomFile(f);
    if (v.ok())
      EXPECT_EQ(sum(*v), kTransferSyntaxSum) << f;
    else
      EXPECT_NE(v.error().find("transfer syntax"), std::string::npos) << v.error();
  }
}

TEST(Loading, BrokenDicomSeriesAreRefused) {
  const auto src = testData("dicom/siemens_t1_sag_hfs");
  auto v = loadVolume(src);
  ASSERT_TRUE(v.ok()) << v.error();
  const auto& files = v->series[0].files;
  const std::string missing = freshTempDir("dicom-missing"), dup = freshTempDir("dicom-dup");
  for (size_t i = 0; i < files.size(); ++i) {
    const auto name = std::filesystem::path(files[i]).filename();
    if (i != 17) std::filesystem::copy_file(files[i], missing + "/" + name.string());
    std::filesystem::copy_file(files[i], dup + "/" + name.string());
  }
  std::filesystem::copy_file(files[5], dup + "/copy-of-slice-5.dcm");
  auto gap = loadVolume(missing);
  ASSERT_FALSE(gap.ok());
  EXPECT_NE(gap.error().find("missing"), std::string::npos) << gap.error();
  auto twice = loadVolume(dup);
  ASSERT_FALSE(twice.ok());
  EXPECT_NE(twice.error().find("duplicate"), std::string::npos) << twice.error();
  const std::string unrelated = freshTempDir("dicom-none");
  writeFile(unrelated + "/readme.txt", "hello");
  EXPECT_FALSE(loadVolume(unrelated).ok());
}

TEST(Loading, AxisOrderAndFlipsKeepEveryVoxelInPlace) {
  auto ch2v = loadVolume(ch2());
  ASSERT_TRUE(ch2v.ok()) << ch2v.error();
  EXPECT_EQ(ch2v->orientation(), "RAS");
  EXPECT_EQ(ch2v->source, "nifti-sform");
  const std::vector<Reorder> cases = {{{0, 1, 2}, {true, false, false}, true, false, "LAS"},
                                      {{2, 0, 1}, {false, true, true}, true, false, "SLP"},
                                      {{1, 2, 0}, {false, false, false}, false, true, "ASR"},
                                      {{0, 2, 1}, {true, true, false}, true, true, "LIA"}};
  const std::vector<Eigen::Vector3i> probes = {
      {90, 108, 90}, {30, 150, 120}, {150, 40, 60}, {0, 0, 0}};
  const std::string dir = freshTempDir("reorder");
  int n = 0;
  for (const auto& c : cases) {
    const std::string path = dir + "/case" + std::to_string(n++) + ".nii";
    writeReordered(*ch2v, c, path);
    auto v = loadVolume(path);
    ASSERT_TRUE(v.ok()) << v.error();
    EXPECT_EQ(v->orientation(), c.orientation) << path;
    EXPECT_EQ(v->source, c.sform ? "nifti-sform" : "nifti-qform");
    for (const auto& o : probes) {
      Eigen::Vector3i ni;
      for (int a = 0; a < 3; ++a)
        ni[a] = c.flip[a] ? ch2v->dims()[c.perm[a]] - 1 - o[c.perm[a]] : o[c.perm[a]];
      EXPECT_LT((world(*v, ni.cast<double>()) - world(*ch2v, o.cast<double>())).norm(), kWorldTolMm)
          << path;
      EXPECT_EQ(at(*v, ni), at(*ch2v, o)) << path;
    }
  }
  // Segmentation does not depend on the axis order either.
  auto reference = buildHeadModel(*ch2v, {});
  auto reordered_volume = loadVolume(dir + "/case1.nii");
  auto reordered = buildHeadModel(*reordered_volume, {});
  ASSERT_TRUE(reference.ok() && reordered.ok());
  EXPECT_NEAR(reordered->head.volume_ml / reference->head.volume_ml, 1.0, kHeadVolumeRelTol);
}

TEST(Loading, SformWinsOverQformAndShearIsHandledExplicitly) {
  const std::string dir = freshTempDir("forms");
  const std::vector<std::uint8_t> data(20 * 20 * 20, 7);
  NiftiSpec spec;
  spec.dims = {20, 20, 20, 1};
  spec.sform.topRightCorner<3, 1>() = Eigen::Vector3d(-10, -10, -10);
  spec.qform = spec.sform;
  spec.qform(0, 3) += 12.0;  // 12 mm apart
  spec.sform_code = 2, spec.qform_code = 1;
  writeNifti(dir + "/disagree.nii", spec, data);
  auto v = loadVolume(dir + "/disagree.nii");
  ASSERT_TRUE(v.ok()) << v.error();
  EXPECT_EQ(v->source, "nifti-sform");
  EXPECT_LT((world(*v, {0, 0, 0}) - Eigen::Vector3d(-10, -10, -10)).norm(), kWorldTolMm);
  ASSERT_EQ(v->warnings.size(), 1u);
  EXPECT_NE(v->warnings[0].find("disagree"), std::string::npos);

  spec.sform(0, 1) = 0.3;  // shear
  writeNifti(dir + "/shear_with_q.nii", spec, data);
  auto q = loadVolume(dir + "/shear_with_q.nii");
  ASSERT_TRUE(q.ok()) << q.error();
  EXPECT_EQ(q->source, "nifti-qform");
  EXPECT_LT((world(*q, {0, 0, 0}) - Eigen::Vector3d(2, -10, -10)).norm(), kWorldTolMm);
  spec.qform_code = 0;
  writeNifti(dir + "/shear_only.nii", spec, data);
  auto s = loadVolume(dir + "/shear_only.nii");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().find("sheared"), std::string::npos) << s.error();
}

TEST(Loading, FourDimensionalTakesTheFirstVolumeAndRgbIsRefused) {
  const std::string dir = freshTempDir("4d");
  NiftiSpec spec;
  spec.dims = {10, 10, 10, 3};
  spec.sform_code = 1;
  std::vector<std::uint8_t> data(3000);
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<std::uint8_t>(i / 1000 + 1);
  writeNifti(dir + "/four.nii", spec, data);
  auto v = loadVolume(dir + "/four.nii");
  ASSERT_TRUE(v.ok()) << v.error();
  EXPECT_EQ(v->dims(), Eigen::Vector3i(10, 10, 10));
  EXPECT_EQ(sum(*v), 1000.0);  // the first volume holds ones
  ASSERT_FALSE(v->warnings.empty());
  EXPECT_NE(v->warnings[0].find("4-D"), std::string::npos);

  spec.dims = {10, 10, 10, 1};
  spec.datatype = 128, spec.bitpix = 24;
  writeNifti(dir + "/rgb.nii", spec, std::vector<std::uint8_t>(3000, 9));
  auto rgb = loadVolume(dir + "/rgb.nii");
  ASSERT_FALSE(rgb.ok());
  EXPECT_NE(rgb.error().find("RGB"), std::string::npos) << rgb.error();
}

TEST(Loading, NrrdMetaImageAnalyzePairAndVoxelTypesMatchTheNifti) {
  auto ch2v = loadVolume(ch2());
  ASSERT_TRUE(ch2v.ok());
  const std::string dir = freshTempDir("formats");
  auto write = [&](auto image, const std::string& name) {
    using T = typename decltype(image)::ObjectType;
    auto w = itk::ImageFileWriter<T>::New();
    w->SetInput(image);
    w->SetFileName(dir + "/" + name);
    w->Update();
  };
  auto cast = [&](auto tag) {
    using Out = itk::Image<decltype(tag), 3>;
    auto c = itk::CastImageFilter<ImageF, Out>::New();
    c->SetInput(ch2v->image);
    c->Update();
    return typename Out::Pointer(c->GetOutput());
  };
  write(cast(short{}), "ch2.nrrd");
  write(cast(double{}), "ch2.mha");
  write(cast(std::uint16_t{}), "ch2.nhdr");
  write(cast(std::int32_t{}), "ch2.hdr");
  for (const char* name : {"ch2.nrrd", "ch2.mha", "ch2.nhdr", "ch2.hdr"}) {
    auto v = loadVolume(dir + "/" + name);
    ASSERT_TRUE(v.ok()) << name << ": " << v.error();
    EXPECT_EQ(v->dims(), ch2v->dims()) << name;
    EXPECT_EQ(sum(*v), sum(*ch2v)) << name;
    EXPECT_LT((v->voxelToLps() - ch2v->voxelToLps()).norm(), kWorldTolMm) << name;
  }
  // An Analyze-style pair whose image file lost its tail is refused.
  std::filesystem::resize_file(dir + "/ch2.img", std::filesystem::file_size(dir + "/ch2.img") / 2);
  auto cut = loadVolume(dir + "/ch2.hdr");
  ASSERT_FALSE(cut.ok());
  EXPECT_NE(cut.error().find("truncated"), std::string::npos) << cut.error();
}
