// Panels that fit (issue 31): the left panel is resized by its grip (the script's
// panel_width does what a drag does) and the width is remembered by the next start; the
// slices show the whole head with their letters in margins beside the image; the RAS and
// MNI fields follow the active target; the other targets' entries and the landmarks carry
// their names in the 3-D view.
#include <gtest/gtest.h>

#include <algorithm>

#include "tests/gui/gui_test_support.h"
#include "tests/support/test_support.h"

using namespace tmsnav::test;

namespace tmsnav {
namespace {

constexpr double kDefaultPanelPx = kViewLeft;  // app_prefs.h
constexpr double kWidePanelPx = 520.0;
constexpr double kFieldTolMm = 0.05;  // the fields hold floats
// A slice image's 2-pixel border: the background (outside the head) everywhere when the
// whole head is in view. The slice's darkest tissue is brighter than this.
constexpr double kBackgroundMax = 40.0;
constexpr double kBorderBackgroundMin = 0.97;
inline const Eigen::Vector3d kLetterYellow(255, 230, 80);  // slice_views.cpp
constexpr double kLetterTol = 40.0;

nlohmann::json state(const std::string& d, const std::string& name) {
  return nlohmann::json::parse(readFile(d + "/" + name + ".json"));
}

Eigen::Vector3d field(const nlohmann::json& panel, const char* name) {
  return Eigen::Vector3d(panel[name][0].get<double>(), panel[name][1].get<double>(),
                         panel[name][2].get<double>());
}

// Fraction of the pixels within `inset` pixels of the rectangle's edge that are dark.
double darkBorder(const Png& png, int x0, int y0, int x1, int y1, int inset) {
  long n = 0, dark = 0;
  for (int y = y0; y < y1; ++y)
    for (int x = x0; x < x1; ++x) {
      if (x >= x0 + inset && x < x1 - inset && y >= y0 + inset && y < y1 - inset) continue;
      ++n;
      dark += png.at(x, y).maxCoeff() <= kBackgroundMax;
    }
  return n ? double(dark) / double(n) : 0.0;
}

TEST(GuiPanels, ResizableRememberedPanelWholeSlicesFieldsFollowTheTargetLabelledPoints) {
  const std::string d = freshTempDir("gui-panels");
  writeFile(d + "/drive.script",
            "wait_ready 500\nwrite_state " + d +
                "/start.json\nset_target ras:-38,44,26\n"
                "set_target mni:38,44,26\nsleep 0.5\nwrite_state " +
                d +
                "/second.json\n"
                "select_target 1\nset_landmark nasion 0 84 -40\nview front\nsleep 1\nscreenshot " +
                d + "/first.png\nwrite_state " + d +
                "/first.json\nview left\nsleep 0.5\nwrite_state " + d +
                "/left.json\npanel_width 520\nsleep 0.5\n"
                "screenshot " +
                d + "/wide.png\nwrite_state " + d + "/wide.json\nquit\n");
  auto r = runApp(d);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // The next start, same data folder: the width is the one left.
  writeFile(d + "/drive.script", "wait_ready 500\nwrite_state " + d + "/again.json\nquit\n");
  r = runApp(d);
  ASSERT_EQ(r.exit_code, 0) << r.err;

  const auto start = state(d, "start"), second = state(d, "second"), first = state(d, "first"),
             wide = state(d, "wide"), again = state(d, "again");
  EXPECT_EQ(start["view"]["panel"]["width"].get<double>(), kDefaultPanelPx);
  EXPECT_EQ(wide["view"]["panel"]["width"].get<double>(), kWidePanelPx);
  EXPECT_EQ(again["view"]["panel"]["width"].get<double>(), kWidePanelPx);

  // The fields show the active target: the second (right hemisphere), then the first.
  ASSERT_EQ(second["active_target"], 1);
  EXPECT_LT((field(second["view"]["panel"], "target_ras") - vec(second["target"]["target_ras_mm"]))
                .norm(),
            kFieldTolMm);
  EXPECT_LT((field(second["view"]["panel"], "target_mni") - vec(second["target"]["target_mni_mm"]))
                .norm(),
            kFieldTolMm);
  EXPECT_GT(field(second["view"]["panel"], "target_ras").x(), 0.0);
  ASSERT_EQ(first["active_target"], 0);
  EXPECT_LT((field(first["view"]["panel"], "target_ras") - Eigen::Vector3d(-38, 44, 26)).norm(),
            kFieldTolMm);
  EXPECT_LT(
      (field(first["view"]["panel"], "target_mni") - vec(first["target"]["target_mni_mm"])).norm(),
      kFieldTolMm);

  // The other target's entry and the landmark are named in the 3-D view.
  const auto labels = first["view"]["coil"]["labels"];
  EXPECT_NE(std::find(labels.begin(), labels.end(), "2 mni:38,44,26"), labels.end())
      << labels.dump();
  EXPECT_NE(std::find(labels.begin(), labels.end(), "nasion"), labels.end()) << labels.dump();
  // Seen from the left, the right hemisphere's entry is behind the head: its name is not
  // drawn over the left side (it was, beside the left target); the nasion, at the front
  // edge, still is.
  const auto left = state(d, "left")["view"]["coil"]["labels"];
  EXPECT_EQ(std::find(left.begin(), left.end(), "2 mni:38,44,26"), left.end()) << left.dump();
  EXPECT_NE(std::find(left.begin(), left.end(), "nasion"), left.end()) << left.dump();

  // Wider panel: the guidance banner (grey, not tracking) starts at its new edge.
  const Png first_png = readPng(d + "/first.png"), wide_png = readPng(d + "/wide.png");
  ASSERT_TRUE(first_png.ok() && wide_png.ok());
  EXPECT_GT(first_png.fractionNear(kViewLeft + 20, 20, kViewLeft + 120, kBannerBottom - 20,
                                   kNotTrackingGrey, kColourTol),
            0.4);
  EXPECT_LT(wide_png.fractionNear(kViewLeft + 20, 20, kViewLeft + 120, kBannerBottom - 20,
                                  kNotTrackingGrey, kColourTol),
            0.05);
  EXPECT_GT(wide_png.fractionNear(int(kWidePanelPx) + 20, 20, int(kWidePanelPx) + 120,
                                  kBannerBottom - 20, kNotTrackingGrey, kColourTol),
            0.4);

  // Each slice: the whole head (its border is background), the letters beside the image,
  // none on it.
  const auto rects = first["view"]["panel"]["slice_rects"];
  ASSERT_EQ(rects.size(), 3u);
  for (const auto& rect : rects) {
    const int x0 = int(std::ceil(rect[0].get<double>())),
              y0 = int(std::ceil(rect[1].get<double>())), x1 = int(rect[2].get<double>()),
              y1 = int(rect[3].get<double>());
    ASSERT_GT(x1 - x0, 100) << rect.dump();
    EXPECT_GT(darkBorder(first_png, x0, y0, x1, y1, 2), kBorderBackgroundMin) << rect.dump();
    EXPECT_LT(first_png.fractionNear(x0, y0, x1, y1, kLetterYellow, kLetterTol), 1e-4)
        << rect.dump();
    const int m = 18;  // the margins round the image hold the letters
    EXPECT_GT(first_png.fractionNear(x0 - m, y0 - m, x1 + m, y1 + m, kLetterYellow, kLetterTol),
              1e-4)
        << rect.dump();
  }
}

}  // namespace
}  // namespace tmsnav
