// info and segment on real MRIs through the real binary.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <sstream>

#include "tests/support/test_support.h"

using namespace tmsnav::test;

namespace {
constexpr double kMinRegisteredHeadDice = 0.94;  // imaging/registration_quality.h
constexpr double kHeaderTolMm = 1e-3;            // values straight from a header
constexpr double kMinHeadMl = 3000.0;            // plausible adult head (issue: 3-5 litres)
constexpr double kMaxHeadMl = 5000.0;
}  // namespace

TEST(Info, Colin27DimsSpacingAndRasBounds) {
  const auto r = runTmsnav({"info", ch2(), "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = r.json();
  ASSERT_TRUE(j.is_object()) << r.out;
  EXPECT_EQ(j["dims"], nlohmann::json({181, 217, 181}));
  EXPECT_LT((vec(j["spacing_mm"]) - Eigen::Vector3d(1, 1, 1)).norm(), kHeaderTolMm);
  const auto& b = j["ras_bounds_mm"];
  EXPECT_NEAR(b[0][0].get<double>(), -90, kHeaderTolMm);
  EXPECT_NEAR(b[0][1].get<double>(), 90, kHeaderTolMm);
  EXPECT_NEAR(b[1][0].get<double>(), -125, kHeaderTolMm);
  EXPECT_NEAR(b[1][1].get<double>(), 91, kHeaderTolMm);
  EXPECT_NEAR(b[2][0].get<double>(), -71, kHeaderTolMm);
  EXPECT_NEAR(b[2][1].get<double>(), 109, kHeaderTolMm);
  EXPECT_EQ(r.out.find('\n'), r.out.size() - 1);  // exactly one line
}

TEST(Info, Seg3dSubjectAndADicomSlice) {
  const auto r = runTmsnav({"info", testData("mri/seg3d/t1.nii.gz"), "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.json()["dims"], nlohmann::json({160, 232, 160}));
  EXPECT_LT((vec(r.json()["spacing_mm"]) - Eigen::Vector3d(1.0, 0.898, 0.898)).norm(), 1e-3);
  std::string slice;
  for (const auto& e : std::filesystem::directory_iterator(testData("dicom/siemens_t1_sag_hfs")))
    if (e.path().extension() == ".dcm") slice = e.path().string();
  const auto d = runTmsnav({"info", slice, "--json"});
  ASSERT_EQ(d.exit_code, 0) << d.err;
  EXPECT_EQ(d.json()["dims"], nlohmann::json({256, 256, 1}));
  // A Siemens mosaic slice is refused, not read as one 384x384 slice (issue 26).
  const auto m = runTmsnav({"info", testData("dicom/transfer_syntaxes/1.dcm"), "--json"});
  EXPECT_EQ(m.exit_code, 2);
  EXPECT_NE(m.err.find("mosaic (fMRI/DWI)"), std::string::npos) << m.err;
}

TEST(Segment, Colin27HeadVolumeMeshAndMaskOnTheInputGrid) {
  const std::string out = freshTempDir("segment");
  const auto r = runTmsnav({"segment", ch2(), "--out", out, "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = r.json();
  EXPECT_GT(j["head_volume_ml"].get<double>(), kMinHeadMl);
  EXPECT_LT(j["head_volume_ml"].get<double>(), kMaxHeadMl);
  EXPECT_TRUE(j["scalp_triangles"].is_number_integer());
  EXPECT_GT(j["scalp_triangles"].get<long>(), 20000);
  EXPECT_LT(j["scalp_triangles"].get<long>(), 150000);
  EXPECT_GT(j["brain_volume_ml"].get<double>(), 1000.0);
  EXPECT_LT(j["brain_volume_ml"].get<double>(), 2000.0);
  EXPECT_TRUE(j["cortex_triangles"].is_number_integer());
  for (const char* stage : {"load", "head_mask", "scalp_mesh", "registration", "brain_mask",
                            "tissue", "cortex_mesh", "write", "total"})
    EXPECT_TRUE(j["seconds"].contains(stage)) << stage;
  for (const char* mesh :
       {"scalp.vtp", "scalp.stl", "scalp.obj", "cortex.vtp", "cortex.stl", "cortex.obj"})
    EXPECT_GT(std::filesystem::file_size(out + "/" + mesh), 100000u) << mesh;
  // OBJ vertices are RAS: Colin27's scalp reaches its nose at y > +70 mm.
  const std::string obj = readFile(out + "/scalp.obj");
  double max_y = -1e9;
  std::istringstream lines(obj);
  for (std::string line; std::getline(lines, line);)
    if (line.rfind("v ", 0) == 0) {
      double x, y, z;
      if (std::sscanf(line.c_str(), "v %lf %lf %lf", &x, &y, &z) == 3) max_y = std::max(max_y, y);
    }
  EXPECT_GT(max_y, 70.0);
  const auto orig = runTmsnav({"info", ch2(), "--json"});
  for (const char* volume : {"head_mask.nii.gz", "brain_mask.nii.gz", "tissue_labels.nii.gz"}) {
    const auto mask = runTmsnav({"info", out + "/" + volume, "--json"});
    ASSERT_EQ(mask.exit_code, 0) << mask.err;
    EXPECT_EQ(mask.json()["dims"], orig.json()["dims"]) << volume;
    for (int r4 = 0; r4 < 3; ++r4)
      for (int c = 0; c < 4; ++c)
        EXPECT_NEAR(mask.json()["voxel_to_ras"][r4][c].get<double>(),
                    orig.json()["voxel_to_ras"][r4][c].get<double>(), kHeaderTolMm);
  }
}

TEST(Segment, SiemensThickSliceSeriesGivesPlausibleVolumesAndAWarning) {
  const std::string out = freshTempDir("segment_dicom");
  const auto r =
      runTmsnav({"segment", testData("dicom/siemens_t1_sag_hfs"), "--out", out, "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = r.json();
  EXPECT_GT(j["head_volume_ml"].get<double>(), kMinHeadMl);
  EXPECT_LT(j["head_volume_ml"].get<double>(), kMaxHeadMl);
  EXPECT_GT(j["brain_volume_ml"].get<double>(), 900.0);
  EXPECT_LT(j["brain_volume_ml"].get<double>(), 1900.0);
  EXPECT_GT(j["cortex_triangles"].get<long>(), 10000);
  EXPECT_NE(j["warnings"].dump().find("thick"), std::string::npos) << j["warnings"].dump();
  EXPECT_GE(j["registration_head_dice"].get<double>(), kMinRegisteredHeadDice);
  // Thick slices blur the ventricles, but this is plainly a T1 (measured 1.5).
  EXPECT_GT(j["white_to_ventricle_ratio"].get<double>(), 1.2);
}

TEST(Segment, ThinDicomInputIsRefusedAsBadInput) {
  const std::string src = testData("dicom/siemens_t1_sag_hfs"), thin = freshTempDir("thin-dicom");
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(src))
    if (e.path().extension() == ".dcm") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (size_t i = 0; i < 3; ++i)  // 0001-0003: three neighbouring sagittal slices
    std::filesystem::copy_file(files[i], thin + "/" + files[i].filename().string());
  const auto r = runTmsnav({"segment", thin, "--out", freshTempDir("thin")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("slices"), std::string::npos) << r.err;
}
