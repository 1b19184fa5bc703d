// Small things (issue 31): the load's progress bar speaks plain words, not the segmenter's
// step names, and is white on blue (it was white on ImGui's yellow).
#include <gtest/gtest.h>

#include <set>

#include "tests/gui/gui_test_support.h"
#include "tests/support/test_support.h"

using namespace tmsnav::test;

namespace tmsnav {
namespace {

// Every phrase the bar may show (app/gui/load_job.cpp, plainStage).
const std::set<std::string> kPlainStages = {"Reading the MRI",
                                            "Finding the head",
                                            "Making the 3-D surfaces",
                                            "Matching the head to the MNI template",
                                            "Finding the brain",
                                            "Telling grey matter from white",
                                            "Preparing the surfaces for planning",
                                            "Loading the brain atlases",
                                            "Done",
                                            "Working"};
inline const Eigen::Vector3d kProgressBlue(41, 107, 191);  // panels.cpp kProgressBlue
inline const Eigen::Vector3d kImGuiYellow(230, 179, 0);    // ImGui's default bar
constexpr double kBarTol = 20.0;

TEST(GuiProgress, TheLoadBarSpeaksPlainWordsInWhiteOnBlue) {
  const std::string d = freshTempDir("gui-progress");
  std::string script = "wait_ready 500\nload " + ch2() + "\nwait_workflow loading 30\n";
  for (int i = 0; i < 8; ++i)
    script += "sleep 1.5\nwrite_state " + d + "/s" + std::to_string(i) + ".json\n";
  script += "screenshot " + d + "/loading.png\nwait_ready 500\nquit\n";
  writeFile(d + "/drive.script", script);
  const auto r = runApp(d);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::set<std::string> seen;
  for (int i = 0; i < 8; ++i) {
    const auto s = nlohmann::json::parse(readFile(d + "/s" + std::to_string(i) + ".json"));
    if (s["workflow"] != "loading") continue;
    const std::string stage = s["load"]["stage"];
    EXPECT_TRUE(kPlainStages.count(stage)) << stage;
    EXPECT_NE(stage, "Working");  // every step of a Colin27 load has its words
    seen.insert(stage);
  }
  EXPECT_GE(seen.size(), 2u);  // 12 s of a load pass through several stages
  const Png png = readPng(d + "/loading.png");
  ASSERT_TRUE(png.ok());
  EXPECT_GT(png.fractionNear(0, 0, kViewLeft, png.height, kProgressBlue, kBarTol), 0.002);
  EXPECT_LT(png.fractionNear(0, 0, kViewLeft, png.height, kImGuiYellow, kBarTol), 0.0005);
}

}  // namespace
}  // namespace tmsnav
