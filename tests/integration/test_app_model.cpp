// The app's model without a window: the target list's commands and their refusals.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "app/gui/app_model.h"
#include "app/gui/mri_listing.h"
#include "core/coords.h"
#include "io/study_file.h"
#include "planning/target_presets.h"
#include "tests/support/test_support.h"

using namespace tmsnav;

namespace {
constexpr double kLoadTimeoutS = 90.0;

double wallS() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

void waitReady(AppModel& m) {
  const double t0 = wallS();
  while (m.workflow() == Workflow::Loading && wallS() - t0 < kLoadTimeoutS) {
    m.tick();
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_EQ(m.workflow(), Workflow::Ready) << m.lastError();
}
}  // namespace

TEST(AppModel, TargetListCommandsAndTheirRefusals) {
  AppModel m(wallS, test::freshTempDir("app-model"));
  EXPECT_FALSE(m.compareDlpfc());  // nothing loaded
  ASSERT_TRUE(m.loadMri(test::ch2()));
  waitReady(m);
  ASSERT_TRUE(m.patient()->model.cortex_lps);
  // The app makes the inner skull beside the cortex: the live E-field's conductor (issue 29).
  ASSERT_TRUE(m.patient()->model.inner_skull_lps);
  EXPECT_GT(m.patient()->model.inner_skull_lps->GetNumberOfCells(), 0);
  EXPECT_FALSE(m.selectTarget(0));  // empty list
  EXPECT_FALSE(m.removeTarget(0));

  const size_t compared = dlpfcCompareSpecs().size();
  ASSERT_TRUE(m.compareDlpfc());
  ASSERT_EQ(m.targets().size(), compared);
  EXPECT_EQ(m.activeTarget(), 0u);  // none was active: the first method, not the last
  EXPECT_FALSE(m.selectTarget(compared));
  ASSERT_TRUE(m.selectTarget(0));
  EXPECT_EQ(m.target()->name, "mni:-38,44,26");
  ASSERT_TRUE(m.selectTarget(3));
  const std::string chosen = m.target()->name;
  ASSERT_TRUE(m.compareDlpfc());  // same names replace, nothing is duplicated
  EXPECT_EQ(m.targets().size(), compared);
  EXPECT_EQ(m.target()->name, chosen);  // comparing never switches the active target

  // The dose: the M1 hand-knob preset becomes the M1 target; a typed motor threshold stays
  // when targets are removed (the M1 index follows the list) and is refused never for it.
  ASSERT_TRUE(m.setDose({55.0, -1, 120.0}));
  ASSERT_TRUE(m.planM1HandKnob());
  ASSERT_GE(m.dose().m1_target, 0);
  EXPECT_EQ(m.targets()[static_cast<size_t>(m.dose().m1_target)].name, "mni:-37,-21,58");
  EXPECT_EQ(m.dose().motor_threshold_pct_mso, 55.0);
  const int m1 = m.dose().m1_target;
  ASSERT_TRUE(m.removeTarget(0));
  EXPECT_EQ(m.dose().m1_target, m1 - 1);
  EXPECT_TRUE(m.setDose({60.0, m.dose().m1_target, 120.0}));
  ASSERT_TRUE(m.removeTarget(static_cast<size_t>(m.dose().m1_target)));
  EXPECT_EQ(m.dose().m1_target, -1);
  EXPECT_TRUE(m.setDose({61.0, m.dose().m1_target, 120.0}));
  EXPECT_EQ(m.dose().motor_threshold_pct_mso, 61.0);
  ASSERT_TRUE(m.undo());  // the M1 target is back in the list; the dose index stays valid
  EXPECT_LT(m.dose().m1_target, static_cast<int>(m.targets().size()));
  ASSERT_TRUE(m.undo());
  ASSERT_TRUE(m.undo());  // back to the compared list, as it was
  ASSERT_EQ(m.targets().size(), compared);
  EXPECT_EQ(m.target()->name, chosen);

  // While the coil is tracked the target must not change under the technician.
  ASSERT_TRUE(m.selectTarget(2));
  ASSERT_TRUE(m.startSimulation());
  EXPECT_FALSE(m.selectTarget(0));
  EXPECT_FALSE(m.removeTarget(2));
  EXPECT_FALSE(m.setTargetSpec("atlas:BA9"));
  EXPECT_EQ(m.target()->name, "atlas:BA46");
  ASSERT_TRUE(m.stopTracking());

  ASSERT_TRUE(m.removeTarget(0));  // before the active one: the active target stays
  EXPECT_EQ(m.targets().size(), compared - 1);
  EXPECT_EQ(m.target()->name, "atlas:BA46");
  EXPECT_EQ(m.targets()[m.activeTarget()].name, "atlas:BA46");

  EXPECT_FALSE(m.setLandmark("vertex", Eigen::Vector3d::Zero()));
  const Eigen::Vector3d before = m.landmarks().at("nasion");
  ASSERT_TRUE(m.setLandmark("nasion", lpsFromRas({0, 90, -5})));
  EXPECT_GT((m.landmarks().at("nasion") - before).norm(), 10.0);
}

// One staleness rule: the app and `track` judge the same recording stale after the same
// age (3 update periods of the 15 Hz recording), and neither tracks without a journal.
TEST(AppModel, AppAndTrackGoStaleAfterTheSameAgeAndNeedAJournal) {
  constexpr double kSameAgeS = 1e-9;
  const std::string recording =
      test::testData("tracking/EightLandmarkPointsTrackedForPhantomRegistration.igs.mha");
  const std::string dir = test::freshTempDir("same-age");
  const auto cli = test::runTmsnav(
      {"track", "--replay", recording, "--seconds", "1", "--out", dir + "/track.jsonl", "--json"});
  ASSERT_EQ(cli.exit_code, 0) << cli.err;
  const double track_age = cli.json()["max_age_s"];
  EXPECT_NEAR(track_age, 3.0 / 15.0, 0.01);

  test::writeFile(dir + "/not-a-folder", "x");
  AppModel no_journal(wallS, dir + "/not-a-folder/sessions");
  AppModel m(wallS, dir + "/sessions");
  for (AppModel* model : {&no_journal, &m}) {
    ASSERT_TRUE(model->loadMri(test::ch2()));
    waitReady(*model);
    ASSERT_TRUE(model->setTargetSpec("mni:-38,44,26"));
  }
  const auto refused = no_journal.startReplay(recording, 1.0, false);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().find("journal"), std::string::npos) << refused.error();
  EXPECT_FALSE(no_journal.tracking());

  ASSERT_TRUE(m.startReplay(recording, 1.0, false));
  const double t0 = wallS();
  while (m.navigation().state != NavState::Streaming && wallS() - t0 < kLoadTimeoutS) {
    m.tick();
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ASSERT_EQ(m.navigation().state, NavState::Streaming) << m.navigation().failure;
  EXPECT_NEAR(m.navigation().max_age_s, track_age, kSameAgeS);
  EXPECT_FALSE(m.navigation().registered);
  ASSERT_TRUE(m.stopTracking());
  EXPECT_EQ(m.navigation().state, NavState::Stopped);
  EXPECT_TRUE(m.navigation().tools.empty());
}

namespace tmsnav {
namespace {

// The file browser's listing: folders first, DICOM folders marked, only loadable files.
TEST(MriListing, FoldersFirstDicomMarkedOnlyLoadableFiles) {
  const std::string d = test::freshTempDir("listing");
  std::filesystem::create_directories(d + "/b_folder");
  test::writeFile(d + "/a.nii.gz", "x");
  test::writeFile(d + "/notes.txt", "x");
  test::writeFile(d + "/.hidden.nii", "x");
  std::filesystem::create_directory_symlink(
      std::filesystem::absolute(std::string(TMSNAV_TEST_DATA) + "/dicom/siemens_t1_sag_hfs"),
      d + "/c_dicom");
  auto list = listForMri(d);
  ASSERT_TRUE(list.ok()) << list.error();
  ASSERT_EQ(list->size(), 3u);
  EXPECT_EQ((*list)[0].name, "b_folder");
  EXPECT_FALSE((*list)[0].dicom);
  EXPECT_EQ((*list)[1].name, "c_dicom");
  EXPECT_TRUE((*list)[1].dicom);
  EXPECT_EQ((*list)[2].name, "a.nii.gz");
  EXPECT_TRUE((*list)[2].mri);
  EXPECT_FALSE(listForMri(d + "/missing").ok());
}

// A study file that is not one, or is hostile, is refused with the reason.
TEST(StudyFile, BadStudiesAreRefused) {
  const std::string d = test::freshTempDir("bad-study");
  test::writeFile(d + "/plain.json", "{\"format\":\"tmsnav-plan-1\"}");
  test::writeFile(d + "/broken.json", "{\"format\":\"tmsnav-study-1\",");
  test::writeFile(d + "/no_mri.json", "{\"format\":\"tmsnav-study-1\"}");
  test::writeFile(d + "/bad_active.json",
                  "{\"format\":\"tmsnav-study-1\",\"mri_path\":\"x\",\"mri_sha256\":\"y\","
                  "\"targets\":[],\"active_target\":\"first\"}");
  for (const char* name : {"plain", "broken", "no_mri", "bad_active", "missing"})
    EXPECT_FALSE(readStudy(d + "/" + name + ".json").ok()) << name;
  Study s;
  s.mri_path = "/x.nii";
  s.mri_sha256 = "ab";
  s.settings.light_theme = true;
  test::writeFile(d + "/good.json", studyJson(s));
  auto back = readStudy(d + "/good.json");
  ASSERT_TRUE(back.ok()) << back.error();
  EXPECT_TRUE(back->settings.light_theme);
  EXPECT_TRUE(back->targets.empty());
}

}  // namespace
}  // namespace tmsnav
