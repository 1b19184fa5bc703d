// Starts the real app on a private Xvfb, drives it with a script (click a target on the
// scalp, set the DLPFC target, run the simulated coil to on-target, stop), and checks
// the screenshots and the app's reported state.
#include <gtest/gtest.h>

#include <filesystem>

#include "tests/support/test_support.h"

using namespace tmsnav::test;

namespace {
constexpr int kViewLeft = 380, kBannerBottom = 150;  // app layout (gui_app.cpp)
const Eigen::Vector3d kOnTargetGreen(26, 158, 56);
const Eigen::Vector3d kNotTrackingGrey(89, 89, 97);
constexpr double kColourTol = 30.0;
}  // namespace

TEST(Gui, SimulatedApproachReachesOnTargetAndStoppingShowsNotTracking) {
  const std::string d = freshTempDir("gui");
  writeFile(d + "/drive.script",
            "wait_ready 60\n"
            "screenshot " +
                d +
                "/loaded.png\n"
                "click_view 0.5 0.5\n"
                "write_state " +
                d +
                "/clicked.json\n"
                "set_target ras:-38,44,26\n"
                "start_simulation\n"
                "wait_state on_target 60\n"
                "screenshot " +
                d +
                "/on_target.png\n"
                "write_state " +
                d +
                "/on_target.json\n"
                "stop_tracking\n"
                "wait_state not_tracking 5\n"
                "sleep 0.2\n"
                "screenshot " +
                d +
                "/stopped.png\n"
                "quit\n");
  const auto r =
      runTmsnav({"--xvfb", "--session-dir", d + "/sessions", "--script", d + "/drive.script"}, 180);
  ASSERT_EQ(r.exit_code, 0) << r.err;

  const auto clicked = nlohmann::json::parse(readFile(d + "/clicked.json"));
  ASSERT_TRUE(clicked.contains("target")) << clicked.dump();
  EXPECT_EQ(clicked["target"]["method"], "click");
  EXPECT_LT(clicked["target"]["scalp_to_target_mm"].get<double>(), 1.0);  // picked on the scalp

  const auto state = nlohmann::json::parse(readFile(d + "/on_target.json"));
  EXPECT_EQ(state["guidance"]["state"], "on_target");
  EXPECT_LT(state["guidance"]["position_error_mm"].get<double>(), 3.0);
  const std::string log = state["tracker"]["session_log"];
  EXPECT_NE(readFile(log).find("\"state\":\"on_target\""), std::string::npos);

  const Png loaded = readPng(d + "/loaded.png"), on = readPng(d + "/on_target.png"),
            stopped = readPng(d + "/stopped.png");
  ASSERT_TRUE(loaded.ok() && on.ok() && stopped.ok());
  EXPECT_GT(loaded.stddev(), 20.0);
  // The scalp fills part of the 3-D view; the banner is green on target, grey when stopped.
  EXPECT_GT(loaded.fractionNear(kViewLeft, kBannerBottom, loaded.width, loaded.height,
                                {110, 90, 80}, 60.0),
            0.05);
  EXPECT_GT(on.fractionNear(kViewLeft + 20, 20, on.width - 20, kBannerBottom - 20, kOnTargetGreen,
                            kColourTol),
            0.5);
  EXPECT_GT(stopped.fractionNear(kViewLeft + 20, 20, stopped.width - 20, kBannerBottom - 20,
                                 kNotTrackingGrey, kColourTol),
            0.5);
}

TEST(Gui, BadScriptIsRefusedAndNoDisplayIsExplained) {
  const std::string d = freshTempDir("gui-bad");
  writeFile(d + "/bad.script", "teleport 1 2 3\n");
  const auto bad = runTmsnav({"--xvfb", "--script", d + "/bad.script"}, 60);
  EXPECT_EQ(bad.exit_code, 2) << bad.err;
  EXPECT_NE(bad.err.find("unknown verb"), std::string::npos) << bad.err;
  const auto no_display = runTmsnav({}, 60, "env -u DISPLAY");
  EXPECT_EQ(no_display.exit_code, 1);
  EXPECT_NE(no_display.err.find("--headless"), std::string::npos) << no_display.err;
}

TEST(Gui, CorruptFileShowsADialogAndADicomFolderLoads) {
  const std::string d = freshTempDir("gui-load");
  writeFile(d + "/corrupt.nii.gz", readFile(ch2()).substr(0, 100000));
  writeFile(d + "/drive.script",
            "wait_ready 60\n"
            "load " +
                d +
                "/corrupt.nii.gz\n"
                "wait_workflow failed 20\n"
                "sleep 0.2\n"
                "screenshot " +
                d +
                "/dialog.png\n"
                "write_state " +
                d +
                "/failed.json\n"
                "load " +
                sharedData("dicom/siemens_t1_sag_hfs") +
                "\n"
                "wait_ready 60\n"
                "write_state " +
                d +
                "/dicom.json\n"
                "quit\n");
  const auto r =
      runTmsnav({"--xvfb", "--session-dir", d + "/sessions", "--script", d + "/drive.script"}, 180);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto failed = nlohmann::json::parse(readFile(d + "/failed.json"));
  EXPECT_EQ(failed["workflow"], "failed");
  EXPECT_NE(failed["last_error"].get<std::string>().find("truncated"), std::string::npos)
      << failed.dump();
  EXPECT_FALSE(failed.contains("head_volume_ml"));  // nothing half-loaded is kept
  const Png dialog = readPng(d + "/dialog.png");
  ASSERT_TRUE(dialog.ok());
  const auto dicom = nlohmann::json::parse(readFile(d + "/dicom.json"));
  EXPECT_EQ(dicom["workflow"], "ready");
  EXPECT_GT(dicom["head_volume_ml"].get<double>(), 2000.0);
}
