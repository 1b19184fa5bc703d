// The coil looks like a TMS coil (issue 31): the planned and the tracked coil are the
// figure-8 casing of assets/coils (two wings and a handle, sized as the Magstim 70 mm
// figure-8's published winding says), see-through, coloured by state, and the target is
// seen through it in the 3-D view.
#include <gtest/gtest.h>

#include <algorithm>

#include "tests/gui/gui_test_support.h"
#include "tests/support/test_support.h"

using namespace tmsnav::test;

namespace tmsnav {
namespace {

// The Magstim 70 mm figure-8 (D70): winding centres at x = +-44 mm, the winding's outer
// edge 44 mm from its centre (outer loop mid-radius 43.5 mm, 1 mm ribbon; Thielscher and
// Kammer 2002), a casing rim of about 4 mm around it, its top face 16 mm above the scalp
// face where the model's calibration touch points are (z = -16 mm).
constexpr double kWingCentreMm = 44.0, kWindingOuterMm = 44.0, kRimMm = 4.0;
constexpr double kCasingTolMm = 3.0;  // the rim's width is not published
constexpr double kMinThicknessMm = 15.5, kMaxThicknessMm = 16.5;
constexpr double kFaceTolMm = 0.5;         // the scalp face at z = 0
constexpr double kHandleBeyondMm = 100.0;  // the handle reaches past the casing
// The planning layout at 1280x800: the 3-D view between the panel and the slices.
constexpr int kViewRight = 1060, kViewTop = kBannerBottom;
constexpr double kRingFractionMin = 0.03;  // of a 60 px box round the view's centre
// The same view of the same pose, planned (the white ghost alone) and on target (the green
// casing over it): the casing's colour moves the box round the centre this much to green.
constexpr double kStateTintMin = 8.0;  // levels of 255

// Pixels whose red exceeds green and blue by kRedMargin: the target's red, also where the
// moving 3-D view (drawn at half resolution, scaled up) blends it with its neighbours.
constexpr double kRedMargin = 70.0;
double redFraction(const Png& png, int x0, int y0, int x1, int y1) {
  long n = 0, hit = 0;
  for (int y = y0; y < y1; ++y)
    for (int x = x0; x < x1; ++x, ++n) {
      const Eigen::Vector3d c = png.at(x, y);
      hit += c[0] - std::max(c[1], c[2]) > kRedMargin;
    }
  return n ? double(hit) / double(n) : 0.0;
}

// How much `channel` exceeds the mean of the other two, averaged over a box (0-255).
double channelExcess(const Png& png, int x0, int y0, int x1, int y1, int channel) {
  double sum = 0.0;
  long n = 0;
  for (int y = y0; y < y1; ++y)
    for (int x = x0; x < x1; ++x, ++n) {
      const Eigen::Vector3d c = png.at(x, y);
      sum += c[channel] - 0.5 * (c.sum() - c[channel]);
    }
  return n ? sum / double(n) : 0.0;
}

TEST(GuiCoil, TheCoilIsAFigure8CasingSeeThroughWithTheTargetVisible) {
  const std::string d = freshTempDir("gui-coil");
  writeFile(d + "/drive.script",
            "wait_ready 500\nset_target ras:-38,44,26\nview coil\nsleep 1\nscreenshot " + d +
                "/planned.png\nwrite_state " + d +
                "/planned.json\nstart_simulation\nwait_state on_target 120\nlayout planning\n"
                "view coil\nsleep 1\nscreenshot " +
                d + "/tracked.png\nwrite_state " + d + "/tracked.json\nquit\n");
  const auto r = runApp(d);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto planned = nlohmann::json::parse(readFile(d + "/planned.json"))["view"]["coil"];
  const auto tracked = nlohmann::json::parse(readFile(d + "/tracked.json"))["view"]["coil"];
  ASSERT_TRUE(planned.is_object() && tracked.is_object()) << planned.dump();

  // The casing's size in the coil frame: two wings, the scalp face at the origin.
  const auto& casing = planned["casing_bounds_mm"];
  const double half_width = kWingCentreMm + kWindingOuterMm + kRimMm;
  EXPECT_NEAR(casing[0][0].get<double>(), -half_width, kCasingTolMm);
  EXPECT_NEAR(casing[0][1].get<double>(), half_width, kCasingTolMm);
  EXPECT_NEAR(casing[1][0].get<double>(), -(kWindingOuterMm + kRimMm), kCasingTolMm);
  EXPECT_NEAR(casing[1][1].get<double>(), kWindingOuterMm + kRimMm, kCasingTolMm);
  EXPECT_NEAR(casing[2][1].get<double>(), 0.0, kFaceTolMm);  // +z into the head: nothing below
  const double thickness = casing[2][1].get<double>() - casing[2][0].get<double>();
  EXPECT_GE(thickness, kMinThicknessMm);
  EXPECT_LE(thickness, kMaxThicknessMm);
  // The handle along +y, on the midline, never below the scalp face.
  const auto& handle = planned["handle_bounds_mm"];
  EXPECT_GT(handle[1][1].get<double>(), kWindingOuterMm + kRimMm + kHandleBeyondMm);
  EXPECT_NEAR(handle[0][0].get<double>() + handle[0][1].get<double>(), 0.0, kFaceTolMm);
  EXPECT_LE(handle[2][1].get<double>(), 0.0);

  // Both see-through; the planned a pale ghost, the tracked one green on target.
  EXPECT_TRUE(planned["planned"]["shown"].get<bool>());
  EXPECT_FALSE(planned["tracked"]["shown"].get<bool>());
  EXPECT_TRUE(tracked["tracked"]["shown"].get<bool>());
  for (const auto* c : {&planned["planned"], &tracked["tracked"]}) {
    EXPECT_GT((*c)["opacity"].get<double>(), 0.1);
    EXPECT_LT((*c)["opacity"].get<double>(), 0.6);
  }
  const auto rgb = tracked["tracked"]["rgb"];
  EXPECT_GT(rgb[1].get<double>(), rgb[0].get<double>() + 0.3) << rgb.dump();
  EXPECT_TRUE(planned["target_ring_shown"].get<bool>());

  // Looking down the coil, the target is under its centre, at the view's centre: its red
  // ring shows through the casing, and the casing tints what is round it.
  const Png planned_png = readPng(d + "/planned.png"), tracked_png = readPng(d + "/tracked.png");
  ASSERT_TRUE(planned_png.ok() && tracked_png.ok());
  const int cx = (kViewLeft + kViewRight) / 2, cy = (kViewTop + planned_png.height) / 2;
  for (const Png* png : {&planned_png, &tracked_png})
    EXPECT_GT(redFraction(*png, cx - 30, cy - 30, cx + 30, cy + 30), kRingFractionMin);
  const int x0 = cx - 120, y0 = cy - 120, x1 = cx + 120, y1 = cy + 120;
  const double green_planned = channelExcess(planned_png, x0, y0, x1, y1, 1),
               green_tracked = channelExcess(tracked_png, x0, y0, x1, y1, 1);
  EXPECT_GT(green_tracked - green_planned, kStateTintMin) << green_tracked << " " << green_planned;
}

}  // namespace
}  // namespace tmsnav
