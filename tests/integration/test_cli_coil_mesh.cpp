// tmsnav coil-mesh (issue 31): the casing mesh the app draws is made by the CLI from the
// coil model's numbers, so the shipped file is reproducible; bad models are refused.
#include <gtest/gtest.h>

#include <cmath>

#include "tests/support/test_support.h"

using namespace tmsnav::test;

namespace {
const std::string kCoils = std::string(TMSNAV_SOURCE_DIR) + "/assets/coils";
constexpr double kBoundsTolMm = 0.5;  // the rims are sampled every 5 degrees

TEST(CoilMeshCli, TheShippedCasingIsWhatTheModelMakes) {
  const std::string d = freshTempDir("coil-mesh");
  const auto r =
      runTmsnav({"coil-mesh", kCoils + "/figure8_70mm.json", "--out", d + "/casing.vtp", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // Byte for byte: rebuilt from the same numbers, the committed file comes back.
  EXPECT_EQ(readFile(d + "/casing.vtp"), readFile(kCoils + "/figure8_70mm_casing.vtp"));
  const auto j = r.json();
  EXPECT_GT(j["triangles"].get<long>(), 1000);
  // Wings at x = +-44 mm of radius 48 mm: 92 mm either side; the scalp face at z = 0.
  EXPECT_NEAR(j["casing_bounds_mm"][0][1].get<double>(), 92.0, kBoundsTolMm);
  EXPECT_NEAR(j["casing_bounds_mm"][2][1].get<double>(), 0.0, kBoundsTolMm);
  EXPECT_NEAR(j["casing_bounds_mm"][2][0].get<double>(), -16.0, kBoundsTolMm);  // touch points
  // The handle reaches 140 mm beyond the casing's edge on the midline (sqrt(48^2-44^2)).
  EXPECT_NEAR(j["handle_bounds_mm"][1][1].get<double>(),
              std::sqrt(48.0 * 48.0 - 44.0 * 44.0) + 140.0, kBoundsTolMm);
}

TEST(CoilMeshCli, ModelsWhoseWingsDoNotMeetOrAreMissingAreRefused) {
  const std::string d = freshTempDir("coil-mesh-bad");
  writeFile(d + "/apart.json", R"({"wing_centre_mm": 60, "wing_radius_mm": 40})");
  auto r = runTmsnav({"coil-mesh", d + "/apart.json", "--out", d + "/x.vtp"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("do not meet"), std::string::npos) << r.err;
  writeFile(d + "/old.json", R"({"wing_radius_mm": 45, "wing_gap_mm": 4})");
  r = runTmsnav({"coil-mesh", d + "/old.json", "--out", d + "/x.vtp"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("wing_centre_mm"), std::string::npos) << r.err;
  r = runTmsnav({"coil-mesh", d + "/missing.json", "--out", d + "/x.vtp"});
  EXPECT_EQ(r.exit_code, 2);
}
}  // namespace
