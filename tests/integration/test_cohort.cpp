// The cohort workflow (issue 17): Snakemake over a BIDS cohort of real heads laid out in a
// temporary folder: Colin27, seg3d (in a session), the Siemens series converted to NIfTI,
// Colin27 moved by a known affine, and one file that is not an MRI. The workflow runs
// end to end on 2 cores, a second run has nothing to do, a second output gives the same
// group.json bytes, the bad subject is reported and the moved head's MNI target lands
// where the known transform puts Colin27's.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "core/coords.h"
#include "imaging/image_io.h"
#include "imaging/mni_registration.h"
#include "tests/support/moved_volume.h"
#include "tests/support/test_support.h"

using namespace tmsnav;
using namespace tmsnav::test;
namespace fs = std::filesystem;

namespace {
constexpr double kMovedTargetMm = 2.0;  // issue 17
constexpr double kPaddingMm = 20.0;     // the moved head stays in view
constexpr double kScale = 1.03;         // a few percent larger
constexpr double kTurnDeg = 8.0;
constexpr int kWorkflowTimeoutS = 1500;  // a hang bound, not a speed test

// Rotation about a unit axis (Rodrigues), without Eigen's Geometry module: ITK's headers in
// this file bring ITK's own Eigen.
Eigen::Matrix3d rotation(Eigen::Vector3d axis, double angle_rad) {
  axis.normalize();
  Eigen::Matrix3d k;
  k << 0, -axis.z(), axis.y(), axis.z(), 0, -axis.x(), -axis.y(), axis.x(), 0;
  return Eigen::Matrix3d::Identity() + std::sin(angle_rad) * k + (1 - std::cos(angle_rad)) * k * k;
}

// Colin27 turned 8 degrees, scaled 3 % about its centre and shifted (LPS).
Eigen::Matrix4d knownAffineLps() {
  const Eigen::Vector3d centre = lpsFromRas({0, -18, 18});
  Eigen::Matrix4d m = Eigen::Matrix4d::Identity();
  m.topLeftCorner<3, 3>() = kScale * rotation({0.2, 1.0, 0.3}, radFromDeg(kTurnDeg));
  m.topRightCorner<3, 1>() = centre - m.topLeftCorner<3, 3>() * centre + Eigen::Vector3d(4, -6, 3);
  return m;
}

void writeOrDie(const Volume& v, const fs::path& path) {
  fs::create_directories(path.parent_path());
  auto w = writeVolume(v.image, path.string());
  if (!w) throw std::runtime_error(w.error());
}

Volume loadOrDie(const std::string& path) {
  auto v = loadHeadVolume(path);
  if (!v) throw std::runtime_error(v.error());
  return *v;
}

fs::path buildCohort(const fs::path& root) {
  const fs::path bids = root / "bids";
  const Volume colin = loadOrDie(ch2());
  writeOrDie(colin, bids / "sub-01/anat/sub-01_T1w.nii.gz");
  fs::create_directories(bids / "sub-02/ses-1/anat");
  fs::copy_file(testData("mri/seg3d/t1.nii.gz"),
                bids / "sub-02/ses-1/anat/sub-02_ses-1_T1w.nii.gz");
  writeOrDie(loadOrDie(testData("dicom/siemens_t1_sag_hfs")),
             bids / "sub-03/anat/sub-03_T1w.nii.gz");
  writeOrDie(movedVolume(paddedVolume(colin, kPaddingMm), knownAffineLps(), 0.0f, 1, false),
             bids / "sub-04/anat/sub-04_T1w.nii.gz");
  fs::create_directories(bids / "sub-05/anat");
  writeFile((bids / "sub-05/anat/sub-05_T1w.nii.gz").string(), "this is not an MRI\n");
  return bids;
}

std::string config(const fs::path& root, const fs::path& bids, const std::string& out,
                   bool render) {
  const fs::path path = root / (out + ".yaml");
  writeFile(path.string(), "bids_dir: " + bids.string() + "\noutput_dir: " + (root / out).string() +
                               "\ntmsnav: " + tmsnavBinary() +
                               "\ntargets: ['mni:-38,44,26', '10-20:F3', 'beam-f3']\nrender: " +
                               (render ? "true" : "false") + "\n");
  return path.string();
}

CommandResult snakemake(const fs::path& root, const std::string& config_path) {
  return runShell("snakemake -s " + std::string(TMSNAV_SOURCE_DIR) + "/workflow/Snakefile" +
                      " --configfile " + config_path + " --cores 2 --keep-going --directory " +
                      root.string() + " 2>&1",
                  kWorkflowTimeoutS);
}

const nlohmann::json& subject(const nlohmann::json& group, const std::string& id) {
  for (const auto& s : group["subjects"])
    if (s["id"] == id) return s;
  throw std::runtime_error("no subject " + id);
}

Eigen::Vector3d targetRas(const nlohmann::json& s, const std::string& name) {
  for (const auto& t : s["targets"])
    if (t["name"] == name)
      return {t["target_ras_mm"][0].get<double>(), t["target_ras_mm"][1].get<double>(),
              t["target_ras_mm"][2].get<double>()};
  throw std::runtime_error("no target " + name);
}
}  // namespace

TEST(CohortWorkflow, PlansABidsCohortDeterministicallyAndResumably) {
  const fs::path root = freshTempDir("cohort");
  const fs::path bids = buildCohort(root);

  const auto first = snakemake(root, config(root, bids, "a", true));
  ASSERT_EQ(first.exit_code, 0) << first.out;
  const fs::path a = root / "a";
  const std::string group_text = readFile((a / "group/group.json").string());
  const auto group = nlohmann::json::parse(group_text);
  EXPECT_EQ(group["format"], "tmsnav-cohort-1");
  EXPECT_TRUE(fs::exists(a / "dataset_description.json"));
  EXPECT_TRUE(fs::exists(a / "group/index.html"));
  EXPECT_TRUE(fs::exists(a / "group/targets_on_colin27.png"));
  for (const std::string id : {"sub-01", "sub-02_ses-1", "sub-03", "sub-04"}) {
    EXPECT_TRUE(subject(group, id)["planned"].get<bool>()) << id;
  }
  EXPECT_TRUE(fs::exists(a / "sub-02/ses-1/anat/sub-02_ses-1_render/scene.png"));
  EXPECT_TRUE(fs::exists(a / "sub-01/anat/sub-01_segment/intracranial_mask.nii.gz"));
  // The file that is not an MRI is an outcome, named, not a crash.
  const auto& bad = subject(group, "sub-05");
  EXPECT_FALSE(bad["planned"].get<bool>());
  EXPECT_EQ(bad["failed_step"], "segment");
  EXPECT_NE(bad["error"].get<std::string>().find("error:"), std::string::npos);
  EXPECT_EQ(group["refused"], nlohmann::json::array({"sub-05"}));

  // Resumable: nothing left to do.
  const auto again = snakemake(root, config(root, bids, "a", true));
  ASSERT_EQ(again.exit_code, 0) << again.out;
  EXPECT_NE(again.out.find("Nothing to be done"), std::string::npos) << again.out;

  // Deterministic: a second output folder, the same bytes.
  const auto second = snakemake(root, config(root, bids, "b", false));
  ASSERT_EQ(second.exit_code, 0) << second.out;
  EXPECT_EQ(readFile((root / "b/group/group.json").string()), group_text);

  // The moved Colin27's MNI target lands where the known affine puts Colin27's.
  const Eigen::Vector3d p_colin = lpsFromRas(targetRas(subject(group, "sub-01"), "mni:-38,44,26"));
  const Eigen::Vector3d expected = rasFromLps((knownAffineLps() * p_colin.homogeneous()).head<3>());
  const Eigen::Vector3d moved = targetRas(subject(group, "sub-04"), "mni:-38,44,26");
  std::cout << "moved Colin27's MNI target " << (moved - expected).norm()
            << " mm from the known transform's\n";
  EXPECT_LT((moved - expected).norm(), kMovedTargetMm);
}

TEST(CohortWorkflow, AMalformedPlanIsBadInput) {
  const fs::path root = freshTempDir("cohort-bad");
  fs::create_directories(root / "sub-01/anat");
  writeFile((root / "sub-01/anat/sub-01_plan.json").string(), "{\"format\": \"tmsnav-plan-1\", ");
  const auto r = runTmsnav({"cohort-report", root.string(), "--out", (root / "group").string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("error:"), std::string::npos) << r.err;
  const auto empty = runTmsnav(
      {"cohort-report", freshTempDir("cohort-empty"), "--out", (root / "group2").string()});
  EXPECT_EQ(empty.exit_code, 2);
}

// No cluster here: the Slurm profile is checked by a dry run, which shows the job graph.
TEST(CohortWorkflow, SlurmProfileDryRunShowsTheJobGraph) {
  const fs::path root = freshTempDir("cohort-slurm");
  fs::create_directories(root / "bids/sub-01/anat");
  fs::copy_file(ch2(), root / "bids/sub-01/anat/sub-01_T1w.nii.gz");
  const std::string source = TMSNAV_SOURCE_DIR;
  const auto r = runShell("snakemake -s " + source + "/workflow/Snakefile --configfile " +
                              config(root, root / "bids", "out", true) + " --profile " + source +
                              "/workflow/profiles/slurm -n --directory " + root.string() + " 2>&1",
                          kWorkflowTimeoutS);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  for (const std::string rule : {"segment", "plan", "render", "group"})
    EXPECT_NE(r.out.find(rule), std::string::npos) << rule << "\n" << r.out;
  EXPECT_NE(r.out.find("This was a dry-run"), std::string::npos) << r.out;
  EXPECT_FALSE(fs::exists(root / "out/group/group.json"));
}
