// DICOM flavours from real scanners (issue 26): enhanced multi-frame MR read with the
// grid and world placement of dcm2niix (Debian's, run at test time), Siemens mosaics
// refused as one series, and a tilted CT with two slice spacings placed where each
// slice's Image Position (Patient) says.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include <itkLinearInterpolateImageFunction.h>

#include "core/coords.h"
#include "imaging/dicom_series.h"
#include "imaging/dicom_stack.h"
#include "imaging/volume.h"
#include "tests/support/test_support.h"

using namespace tmsnav;
using namespace tmsnav::test;

namespace {
constexpr double kCornerTolMm = 0.05;      // voxel-centre corners vs dcm2niix's affine
constexpr double kSpacingTolMm = 1e-4;     // spacing from DS positions (~6 significant digits)
constexpr double kGridTolVoxels = 0.01;    // every voxel centre on one of dcm2niix's
constexpr double kMinCorrelation = 0.999;  // same voxels, whatever the intensity scaling
constexpr double kSliceShiftTolMm = 1.0;   // a CT slice's best match vs its Image Position
constexpr double kShiftSearchMm = 12.0;    // searched either side along the tilt direction
constexpr double kShiftStepMm = 0.5;
const char* const kMosaic = "a Siemens mosaic (fMRI/DWI), not a structural scan";

// dcm2niix's conversion of a folder, one NIfTI per volume it finds.
std::vector<Volume> dcm2niix(const std::string& folder) {
  const std::string out = freshTempDir("dcm2niix");
  const auto r = runShell("dcm2niix -z n -b n -f ref_%s_%e -o '" + out + "' '" + folder + "'");
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(out))
    if (e.path().extension() == ".nii") names.push_back(e.path().string());
  std::sort(names.begin(), names.end());
  std::vector<Volume> volumes;
  for (const auto& n : names) {
    auto v = loadVolume(n);
    EXPECT_TRUE(v.ok()) << v.error();
    if (v) volumes.push_back(std::move(*v));
  }
  return volumes;
}

std::vector<Eigen::Vector3d> cornersRas(const Volume& v) {
  std::vector<Eigen::Vector3d> c;
  const Eigen::Vector3i d = v.dims();
  for (int k = 0; k < 8; ++k) {
    const Eigen::Vector4d ijk((k & 1) ? d.x() - 1 : 0, (k & 2) ? d.y() - 1 : 0,
                              (k & 4) ? d.z() - 1 : 0, 1);
    c.push_back(rasFromLps((v.voxelToLps() * ijk).head<3>()));
  }
  return c;
}

// The largest distance from one of our corners to the nearest of dcm2niix's.
double cornerDistanceMm(const Volume& ours, const Volume& ref) {
  double worst = 0;
  for (const auto& p : cornersRas(ours)) {
    double best = 1e9;
    for (const auto& q : cornersRas(ref)) best = std::min(best, (p - q).norm());
    worst = std::max(worst, best);
  }
  return worst;
}

struct VoxelMatch {
  double max_off_grid = 0;  // voxels
  double correlation = 0;
  long outside = 0;
};

// Every voxel of ours at its world position in the reference: on its grid, same values.
VoxelMatch matchVoxels(const Volume& ours, const Volume& ref) {
  VoxelMatch m;
  const Eigen::Matrix4d to_ref = ref.voxelToLps().inverse() * ours.voxelToLps();
  const Eigen::Vector3i d = ours.dims(), rd = ref.dims();
  double sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
  long n = 0;
  for (int z = 0; z < d.z(); ++z)
    for (int y = 0; y < d.y(); ++y)
      for (int x = 0; x < d.x(); ++x) {
        const Eigen::Vector3d r = (to_ref * Eigen::Vector4d(x, y, z, 1)).head<3>();
        const Eigen::Vector3d ri = r.array().round();
        m.max_off_grid = std::max(m.max_off_grid, (r - ri).cwiseAbs().maxCoeff());
        if ((ri.array() < 0).any() || ri.x() >= rd.x() || ri.y() >= rd.y() || ri.z() >= rd.z()) {
          ++m.outside;
          continue;
        }
        const double a = ours.image->GetPixel({{x, y, z}});
        const double b = ref.image->GetPixel(
            {{static_cast<long>(ri.x()), static_cast<long>(ri.y()), static_cast<long>(ri.z())}});
        sa += a, sb += b, saa += a * a, sbb += b * b, sab += a * b, ++n;
      }
  const double cov = sab / n - sa / n * sb / n;
  m.correlation = cov / std::sqrt((saa / n - sa * sa / n / n) * (sbb / n - sb * sb / n / n));
  return m;
}

// Our volume against the dcm2niix volume that holds the same voxels.
void expectSameAsDcm2niix(const Volume& ours, const std::vector<Volume>& refs) {
  const Volume* ref = nullptr;
  for (const auto& r : refs)
    if (cornerDistanceMm(ours, r) < kCornerTolMm &&
        matchVoxels(ours, r).correlation > kMinCorrelation)
      ref = &r;
  ASSERT_NE(ref, nullptr) << "no dcm2niix volume matches " << ours.series_uid;
  Eigen::Vector3i dims = ours.dims(), ref_dims = ref->dims();
  Eigen::Vector3d sp = ours.spacingMm(), ref_sp = ref->spacingMm();
  std::sort(dims.data(), dims.data() + 3), std::sort(ref_dims.data(), ref_dims.data() + 3);
  std::sort(sp.data(), sp.data() + 3), std::sort(ref_sp.data(), ref_sp.data() + 3);
  EXPECT_EQ(dims, ref_dims);
  EXPECT_LT((sp - ref_sp).cwiseAbs().maxCoeff(), kSpacingTolMm);
  const double corners = cornerDistanceMm(ours, *ref);
  const VoxelMatch m = matchVoxels(ours, *ref);
  EXPECT_LT(corners, kCornerTolMm);
  EXPECT_LT(m.max_off_grid, kGridTolVoxels);
  EXPECT_EQ(m.outside, 0);
  EXPECT_GT(m.correlation, kMinCorrelation);
  std::cout << "[ measured ] " << ours.series_uid << ": corners within " << corners
            << " mm of dcm2niix, voxel centres within " << m.max_off_grid << " voxel, correlation "
            << m.correlation << "\n";
}

bool mentions(const std::vector<std::string>& lines, const std::string& word) {
  return std::any_of(lines.begin(), lines.end(),
                     [&](const std::string& l) { return l.find(word) != std::string::npos; });
}
}  // namespace

TEST(DicomFlavours, EnhancedSiemensXa30T1HasDcm2niixGridAndAffine) {
  const std::string folder = testData("dicom/siemens_xa30_enhanced_t1");
  const std::string file = folder + "/t1_tfl.dcm";
  auto info = loadVolume(file);        // tmsnav info FILE
  auto head = loadHeadVolume(folder);  // segment, plan and the app on the folder
  auto head_file = loadHeadVolume(file);
  ASSERT_TRUE(info.ok()) << info.error();
  ASSERT_TRUE(head.ok()) << head.error();
  ASSERT_TRUE(head_file.ok()) << head_file.error();
  EXPECT_EQ(info->dims(), Eigen::Vector3i(128, 128, 96));
  EXPECT_LT((info->spacingMm() - Eigen::Vector3d(2, 2, 2)).norm(), kSpacingTolMm);
  EXPECT_TRUE(info->voxelToLps().isApprox(head->voxelToLps(), 1e-12));
  EXPECT_TRUE(info->voxelToLps().isApprox(head_file->voxelToLps(), 1e-12));
  ASSERT_EQ(info->series.size(), 1u);
  ASSERT_EQ(head->series.size(), 1u);
  EXPECT_EQ(info->series[0].uid, head->series[0].uid);
  EXPECT_TRUE(head->series[0].enhanced);
  EXPECT_EQ(head->series[0].slices, 96);
  expectSameAsDcm2niix(*head, dcm2niix(folder));
}

TEST(DicomFlavours, EnhancedPhilipsFileHoldsTwoVolumesEachAsDcm2niixReadsIt) {
  const std::string folder = testData("dicom/philips_enhanced_multivolume");
  const std::string file = folder + "/IM_0027_fMAP.dcm";
  auto info = loadVolume(file);
  auto head = loadHeadVolume(folder);
  ASSERT_TRUE(info.ok()) << info.error();
  ASSERT_TRUE(head.ok()) << head.error();
  ASSERT_EQ(head->series.size(), 2u);  // magnitude and field map, not one 64-frame stack
  ASSERT_EQ(info->series.size(), 2u);
  EXPECT_EQ(info->series_uid, head->series_uid);  // the default: the magnitude volume
  EXPECT_EQ(head->series_uid, head->series[0].uid);
  EXPECT_EQ(head->series[0].component, "MAGNITUDE");
  EXPECT_TRUE(info->voxelToLps().isApprox(head->voxelToLps(), 1e-12));
  const auto refs = dcm2niix(folder);
  ASSERT_EQ(refs.size(), 2u);
  for (const auto& s : head->series) {
    EXPECT_EQ(s.slices, 32);
    auto v = loadHeadVolume(folder, s.uid);  // how the series picker and --series choose
    ASSERT_TRUE(v.ok()) << v.error();
    EXPECT_EQ(v->dims(), Eigen::Vector3i(64, 64, 32));
    EXPECT_LT((v->spacingMm() - Eigen::Vector3d(4, 4, 4)).norm(), kSpacingTolMm);
    expectSameAsDcm2niix(*v, refs);
  }
}

TEST(DicomFlavours, SiemensMosaicIsRefusedAsOneSeries) {
  const std::string folder = testData("dicom/transfer_syntaxes");
  auto listed = listDicomSeries(folder);
  ASSERT_TRUE(listed.ok()) << listed.error();
  ASSERT_EQ(listed->size(), 1u);  // nine files of one Series Instance UID
  EXPECT_EQ((*listed)[0].files.size(), 9u);
  EXPECT_TRUE((*listed)[0].mosaic);
  auto folder_load = loadHeadVolume(folder);
  ASSERT_FALSE(folder_load.ok());
  EXPECT_NE(folder_load.error().find(kMosaic), std::string::npos) << folder_load.error();
  auto file_load = loadVolume(folder + "/1.dcm");
  ASSERT_FALSE(file_load.ok());
  EXPECT_NE(file_load.error().find(kMosaic), std::string::npos) << file_load.error();
}

TEST(DicomFlavours, TiltedCtWithTwoSpacingsPutsEverySliceAtItsImagePosition) {
  const std::string folder = testData("dicom/ge_gantry_tilt");
  auto v = loadVolume(folder);
  ASSERT_TRUE(v.ok()) << v.error();
  ASSERT_EQ(v->series.size(), 1u);  // 4 mm and 7 mm slices: one series, none dropped
  EXPECT_EQ(v->series[0].slices, 8);
  EXPECT_TRUE(mentions(v->warnings, "gantry tilt")) << ::testing::PrintToString(v->warnings);
  EXPECT_TRUE(mentions(v->warnings, "resampled")) << ::testing::PrintToString(v->warnings);
  auto interp = itk::LinearInterpolateImageFunction<ImageF, double>::New();
  interp->SetInputImage(v->image);
  for (const auto& file : v->series[0].files) {
    auto slice = decodeDicomFile(file);  // its pixels where ITK puts its Image Position
    ASSERT_TRUE(slice.ok()) << slice.error();
    const auto& dir = slice->image->GetDirection();
    const Eigen::Vector3d col_dir(dir(0, 1), dir(1, 1), dir(2, 1));  // the tilt shifts along it
    const Eigen::Vector3i d = slice->dims();
    double best_shift = 0, best_error = 1e30, error_at_zero = 0;
    for (double shift = -kShiftSearchMm; shift <= kShiftSearchMm + 1e-9; shift += kShiftStepMm) {
      double error = 0;
      long n = 0;
      for (int y = d.y() / 4; y < 3 * d.y() / 4; y += 4)
        for (int x = d.x() / 4; x < 3 * d.x() / 4; x += 4) {
          ImageF::PointType p;
          slice->image->TransformIndexToPhysicalPoint({{x, y, 0}}, p);
          for (int r = 0; r < 3; ++r) p[r] += shift * col_dir[r];
          itk::ContinuousIndex<double, 3> ci;
          if (!v->image->TransformPhysicalPointToContinuousIndex(p, ci)) continue;
          error +=
              std::abs(interp->EvaluateAtContinuousIndex(ci) - slice->image->GetPixel({{x, y, 0}}));
          ++n;
        }
      ASSERT_GT(n, 0) << file << " lies outside the loaded volume";
      error /= n;
      if (std::abs(shift) < 1e-9) error_at_zero = error;
      if (error < best_error) best_error = error, best_shift = shift;
    }
    EXPECT_LE(std::abs(best_shift), kSliceShiftTolMm) << file;
    std::cout << "[ measured ] " << std::filesystem::path(file).filename().string()
              << ": best match " << best_shift << " mm from its Image Position, mean |diff| "
              << error_at_zero << " HU there\n";
  }
}

// Synthetic known answer: slices of a linear function of world position, tilted and
// unevenly spaced. Bilinear in-plane and linear between slices reproduce a linear
// function exactly, so every resampled voxel must hold the function at its own centre.
TEST(DicomFlavours, ResampledIrregularStackHoldsEachVoxelsWorldValue) {
  constexpr double kValueTol = 1e-3;  // float rounding of values up to ~300
  const double tilt = 20.0 * 3.14159265358979323846 / 180.0;
  SliceStack s;
  s.row = Eigen::Vector3d(1, 0, 0);
  s.col = Eigen::Vector3d(0, std::cos(tilt), -std::sin(tilt));
  s.column_step_mm = 0.8, s.row_step_mm = 1.1;
  const Eigen::Vector3d f(0.7, -1.3, 2.1);  // value = f . world (LPS mm) + 5
  double z = 0;
  for (double step : {3.0, 3.0, 3.0, 1.2, 6.0, 6.0, 6.0}) {  // two spacings, as on the CT
    s.positions.push_back(Eigen::Vector3d(-10, -20, z));     // IPP moves along z only
    z += step;
  }
  s.positions.push_back(Eigen::Vector3d(-10, -20, z));
  const StackLayout layout = layoutStack(s);
  ASSERT_TRUE(layout.problems.empty()) << layout.problems.front();
  ASSERT_FALSE(layout.regular());
  const int nx = 20, ny = 16, nz = static_cast<int>(s.positions.size());
  ImageF::Pointer slices = ImageF::New();
  ImageF::RegionType region;
  region.SetSize({{static_cast<ImageF::SizeValueType>(nx), static_cast<ImageF::SizeValueType>(ny),
                   static_cast<ImageF::SizeValueType>(nz)}});
  slices->SetRegions(region);
  slices->Allocate();
  for (int k = 0; k < nz; ++k)
    for (int y = 0; y < ny; ++y)
      for (int x = 0; x < nx; ++x) {
        const Eigen::Vector3d p =
            s.positions[layout.order[k]] + x * s.column_step_mm * s.row + y * s.row_step_mm * s.col;
        slices->SetPixel({{x, y, k}}, static_cast<float>(f.dot(p) + 5));
      }
  std::vector<std::string> warnings;
  auto placed = placeSlices(slices, s, layout, warnings);
  ASSERT_TRUE(placed.ok()) << placed.error();
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("gantry tilt 20.00 degrees"), std::string::npos) << warnings[0];
  const ImageF* out = placed->GetPointer();
  float fill = slices->GetPixel({{0, 0, 0}});  // off the slices: the stack's minimum
  for (size_t i = 0; i < static_cast<size_t>(nx) * ny * nz; ++i)
    fill = std::min(fill, slices->GetBufferPointer()[i]);
  double worst = 0;
  long inside = 0;
  const auto size = out->GetLargestPossibleRegion().GetSize();
  for (long k = 0; k < static_cast<long>(size[2]); ++k)
    for (long y = 0; y < static_cast<long>(size[1]); ++y)
      for (long x = 0; x < static_cast<long>(size[0]); ++x) {
        ImageF::PointType p;
        out->TransformIndexToPhysicalPoint({{x, y, k}}, p);
        const float v = out->GetPixel({{x, y, k}});
        const double expected = f.dot(Eigen::Vector3d(p[0], p[1], p[2])) + 5;
        if (v == fill && std::abs(v - expected) > kValueTol) continue;  // outside the slices
        worst = std::max(worst, std::abs(v - expected));
        ++inside;
      }
  EXPECT_LT(worst, kValueTol);
  EXPECT_GT(inside, static_cast<long>(nx * ny * nz) / 2);
}

TEST(DicomFlavours, MissingSliceIsAGapButASecondSpacingIsNot) {
  SliceStack s;
  s.column_step_mm = s.row_step_mm = 1;
  auto stepsOf = [&](std::vector<double> steps) {
    s.positions = {Eigen::Vector3d::Zero()};
    for (double d : steps) s.positions.push_back(s.positions.back() + Eigen::Vector3d(0, 0, d));
    return layoutStack(s);
  };
  EXPECT_TRUE(stepsOf({2, 2, 4, 2, 2}).problems.size() == 1);      // one slice missing
  EXPECT_TRUE(stepsOf({4, 4, 4, 1.1, 7, 7, 7}).problems.empty());  // the GE CT's steps
  EXPECT_TRUE(stepsOf({2, 2, 2, 2}).regular());
  EXPECT_FALSE(stepsOf({2, 2, 0, 2}).problems.empty());  // a duplicate position
}

// Hostile or damaged enhanced files: refused before anything is allocated from their
// sizes, and never a half-read volume shown as complete.
TEST(DicomFlavours, DamagedEnhancedFilesAreRefused) {
  const std::string bytes = readFile(testData("dicom/siemens_xa30_enhanced_t1/t1_tfl.dcm"));
  const std::string d = freshTempDir("enhanced-damaged");
  std::string huge = bytes;  // Rows and Columns patched to 65535
  for (const std::string tag : {std::string("\x28\x00\x10\x00US\x02\x00", 8),
                                std::string("\x28\x00\x11\x00US\x02\x00", 8)}) {
    const size_t at = huge.find(tag);
    ASSERT_NE(at, std::string::npos);
    huge[at + 8] = huge[at + 9] = '\xff';
  }
  writeFile(d + "/huge.dcm", huge);
  std::string frames = bytes;  // Number of Frames 96 -> 99: more than the per-frame items
  const size_t at = frames.find(std::string("\x28\x00\x08\x00IS\x02\x00", 8) + "96");
  ASSERT_NE(at, std::string::npos);
  frames[at + 9] = '9';
  writeFile(d + "/frames.dcm", frames);
  writeFile(d + "/cut.dcm", bytes.substr(0, bytes.size() / 2));
  for (const auto& [name, why] : {std::pair<std::string, std::string>{"huge", "implausible"},
                                  {"frames", "Number of Frames"},
                                  {"cut", "truncated"}}) {
    auto v = loadVolume(d + "/" + name + ".dcm");
    ASSERT_FALSE(v.ok()) << name;
    EXPECT_NE(v.error().find(why), std::string::npos) << v.error();
  }
}
