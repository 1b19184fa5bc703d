// `tmsnav efield`, `plan --handle-angle-deg best-efield` and `dose --method efield` on
// Colin27 through the real binary, and the sphere mode against the published figure-8
// figures.
#include <sstream>

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include <Eigen/Geometry>

#include "tests/support/shared_fixture.h"
#include "tests/support/test_support.h"

using namespace tmsnav::test;

namespace {
constexpr double kD70RapidAPerUs = 114.73;  // Drakaki et al. 2022, Table 2
// The DLPFC target about 20 mm under the scalp at 100 %MSO: of the order of 100-160 V/m in
// this model; outside 80-220 V/m is a bug (issue 29).
constexpr double kMinTargetVPerM = 80.0, kMaxTargetVPerM = 220.0;
// The peak lies under the coil: within the inner edge of the wings (26 mm) of the axis.
constexpr double kPeakUnderCoilMm = 26.0;
constexpr double kAngleStableDeg = 5.0;  // best angle between independent runs
constexpr double kRelTol = 1e-6;         // the same number through two paths
// The 70 mm figure-8 on an 85 mm sphere, 15 mm deep: 1.501 and 1.544 V/m per A/us in two
// independent models; within 5 % of both.
constexpr double kModelA = 1.501, kModelB = 1.544, kFigure8Tol = 0.05;
constexpr double kSweepGainMinPct = 0.0;

const char* kDlpfc = "mni:-38,44,26";
const char* kM1 = "mni:-37,-21,58";  // hand knob (SimNIBS's example coordinates)

Eigen::Matrix4d mat(const nlohmann::json& j) {
  Eigen::Matrix4d m;
  for (int r = 0; r < 4; ++r)
    for (int c = 0; c < 4; ++c) m(r, c) = j[r][c].get<double>();
  return m;
}

class EfieldOnColin : public ::testing::Test {
 protected:
  // Colin27 planned and its field computed once for all of these tests (fix_, read only);
  // each test writes its own files to dir_.
  static void SetUpTestSuite() {
    fix_ = sharedFixture("efield-colin27", {ch2()}, [](const std::string& d) {
      const auto plan = runTmsnav({"plan", ch2(), "--target", kDlpfc, "--target", kM1, "--out",
                                   d + "/plan.json", "--json"});
      saveResult(d, "plan", plan);
      if (plan.exit_code != 0) return;
      saveResult(d, "efield",
                 runTmsnav({"efield", "--plan", d + "/plan.json", "--out", d + "/out",
                            "--optimize-angle", "--json"},
                           600));
    });
    plan_ = loadResult(fix_, "plan");
    run_ = loadResult(fix_, "efield");
    dir_ = freshTempDir("efield");
  }
  static std::string fix_, dir_;
  static CommandResult plan_, run_;
};
std::string EfieldOnColin::fix_, EfieldOnColin::dir_;
CommandResult EfieldOnColin::plan_, EfieldOnColin::run_;
}  // namespace

TEST_F(EfieldOnColin, TheDlpfcFieldIsInThePhysicalRangeAndPeaksUnderTheCoil) {
  ASSERT_EQ(plan_.exit_code, 0) << plan_.err;
  ASSERT_EQ(run_.exit_code, 0) << run_.err;
  const auto j = run_.json();
  for (const char* key :
       {"target_e_v_per_m", "target_e_normal_v_per_m", "peak_e_v_per_m", "peak_to_target_mm",
        "half_peak_area_cm2", "sphere_center_ras_mm", "didt_a_per_us"})
    EXPECT_TRUE(j.contains(key)) << key;
  EXPECT_NEAR(j["didt_a_per_us"].get<double>(), kD70RapidAPerUs, 1e-9);
  const double e = j["target_e_v_per_m"].get<double>();
  EXPECT_GE(e, kMinTargetVPerM);
  EXPECT_LE(e, kMaxTargetVPerM);
  EXPECT_LE(std::abs(j["target_e_normal_v_per_m"].get<double>()), e + 1e-9);
  EXPECT_GE(j["peak_e_v_per_m"].get<double>(), e * 0.5);  // the target is in the field's reach
  EXPECT_LT(j["peak_to_coil_axis_mm"].get<double>(), kPeakUnderCoilMm);
  EXPECT_GT(j["half_peak_area_cm2"].get<double>(), 0.0);
  // The sphere lies under the coil, inside the head, head-sized.
  const auto plan = nlohmann::json::parse(readFile(fix_ + "/plan.json"));
  const Eigen::Matrix4d pose = mat(plan["targets"][0]["coil_to_mri_ras"]);
  const Eigen::Vector3d centre = vec(j["sphere_center_ras_mm"]);
  EXPECT_GT((centre - pose.block<3, 1>(0, 3)).dot(pose.block<3, 1>(0, 2)), 40.0);
  EXPECT_GT(j["sphere_radius_mm"].get<double>(), 40.0);
  EXPECT_LT(j["sphere_radius_mm"].get<double>(), 160.0);
}

TEST_F(EfieldOnColin, WritesTheCortexWithItsFieldAndAPicture) {
  ASSERT_EQ(run_.exit_code, 0) << run_.err;
  const std::string vtp = readFile(fix_ + "/out/efield.vtp");
  for (const char* name : {"E_magnitude_v_per_m", "E_normal_v_per_m", "E_v_per_m"})
    EXPECT_NE(vtp.find(std::string("Name=\"") + name + "\""), std::string::npos) << name;
  const Png png = readPng(fix_ + "/out/efield.png");
  ASSERT_TRUE(png.ok());
  EXPECT_GT(png.stddev(), 10.0);  // a picture, not a blank frame
}

TEST_F(EfieldOnColin, SphereModeGivesTheSameFieldAtTheTarget) {
  ASSERT_EQ(run_.exit_code, 0) << run_.err;
  const auto j = run_.json();
  const auto plan = nlohmann::json::parse(readFile(fix_ + "/plan.json"));
  const auto& t = plan["targets"][0];
  writeFile(dir_ + "/points.csv", "x,y,z\n" + std::to_string(vec(t["target_ras_mm"]).x()) + "," +
                                      std::to_string(vec(t["target_ras_mm"]).y()) + "," +
                                      std::to_string(vec(t["target_ras_mm"]).z()) + "\n");
  const Eigen::Vector3d c = vec(j["sphere_center_ras_mm"]);
  char centre[128];
  std::snprintf(centre, sizeof centre, "%.17g,%.17g,%.17g", c.x(), c.y(), c.z());
  const auto s =
      runTmsnav({"efield", "--sphere-center-ras-mm", centre, "--coil-pose-ras",
                 t["coil_to_mri_ras"].dump(), "--points", dir_ + "/points.csv", "--json"});
  ASSERT_EQ(s.exit_code, 0) << s.err;
  ASSERT_EQ(s.json()["points"].size(), 1u);
  const double e = vec(s.json()["points"][0]["e_v_per_m"]).norm();
  // The CSV rounds the target to 1e-6 mm: the field agrees to far better than a percent.
  EXPECT_NEAR(e, j["target_e_v_per_m"].get<double>(), 1e-4 * e);
}

TEST_F(EfieldOnColin, BestHandleAngleIsStableAndPlanningWithItGivesTheTargetMoreField) {
  ASSERT_EQ(run_.exit_code, 0) << run_.err;
  const auto j = run_.json();
  ASSERT_TRUE(j.contains("best_handle_angle_deg"));
  EXPECT_GE(j["gain_pct"].get<double>(), kSweepGainMinPct);
  EXPECT_EQ(j["angle_curve_deg_v_per_m"].size(), 36u);  // half a turn around the plan's angle
  EXPECT_LE(std::abs(std::remainder(j["best_handle_angle_deg"].get<double>() -
                                        j["planned_handle_angle_deg"].get<double>(),
                                    360.0)),
            95.0);
  // An independent run: plan with the best angle, then the field of that plan.
  const auto best = runTmsnav({"plan", ch2(), "--target", kDlpfc, "--handle-angle-deg",
                               "best-efield", "--out", dir_ + "/best.json", "--json"});
  ASSERT_EQ(best.exit_code, 0) << best.err;
  const double a1 = j["best_handle_angle_deg"].get<double>();
  const double a2 = best.json()["best_efield"][0]["best_handle_angle_deg"].get<double>();
  EXPECT_LE(std::abs(std::remainder(a1 - a2, 360.0)), kAngleStableDeg);
  const auto plan = nlohmann::json::parse(readFile(dir_ + "/best.json"));
  EXPECT_NEAR(plan["targets"][0]["handle_angle_deg"].get<double>(), a2, 1e-9);
  const auto on_best = runTmsnav({"efield", "--plan", dir_ + "/best.json", "--json"}, 600);
  ASSERT_EQ(on_best.exit_code, 0) << on_best.err;
  // Acting on the answer: the coil turned to the best angle gives the target at least the
  // field the planned angle gave, and the sweep's best figure.
  EXPECT_GE(on_best.json()["target_e_v_per_m"].get<double>(), j["target_e_v_per_m"].get<double>());
  EXPECT_NEAR(on_best.json()["target_e_v_per_m"].get<double>(), j["best_e_v_per_m"].get<double>(),
              0.01 * j["best_e_v_per_m"].get<double>());
}

TEST_F(EfieldOnColin, EfieldDoseScalesTheMotorThresholdByTheFieldRatio) {
  ASSERT_EQ(plan_.exit_code, 0) << plan_.err;
  const auto plan = nlohmann::json::parse(readFile(fix_ + "/plan.json"));
  const std::string m1 = plan["targets"][1]["name"];
  const auto d = runTmsnav({"dose", "--plan", fix_ + "/plan.json", "--motor-threshold", "50",
                            "--m1", m1, "--method", "efield", "--json"},
                           600);
  ASSERT_EQ(d.exit_code, 0) << d.err;
  const auto j = d.json();
  const double e_m1 = j["m1_e_v_per_m_at_100_pct_mso"].get<double>();
  ASSERT_EQ(j["targets"].size(), 2u);
  for (const auto& t : j["targets"]) {
    const double e_t = t["e_v_per_m_at_100_pct_mso"].get<double>();
    EXPECT_NEAR(t["efield_dose_pct_mso"].get<double>(), 50.0 * e_m1 / e_t, kRelTol * 100);
    if (t["efield_dose_pct_mso"].get<double>() <= 100.0)
      EXPECT_NEAR(t["dose_pct_mso"].get<double>(), t["efield_dose_pct_mso"].get<double>(), 1e-9);
    else
      EXPECT_TRUE(t["dose_pct_mso"].is_null());
  }
  // M1 gets its own field: its dose is its threshold.
  EXPECT_NEAR(j["targets"][1]["dose_pct_mso"].get<double>(), 50.0, 1e-9);
  // The field at the target at the dose equals M1's at threshold: act on the dose.
  const auto& t0 = j["targets"][0];
  if (t0["dose_pct_mso"].is_number())
    EXPECT_NEAR(t0["e_v_per_m_at_100_pct_mso"].get<double>() * t0["dose_pct_mso"].get<double>(),
                e_m1 * 50.0, 1e-6 * e_m1 * 50.0);
  // A threshold too high for the target's field is refused with the figure.
  const auto high =
      runTmsnav({"dose", "--plan", fix_ + "/plan.json", "--motor-threshold", "99",
                 "--percent-of-mt", "200", "--m1", m1, "--method", "efield", "--json"},
                600);
  ASSERT_EQ(high.exit_code, 0) << high.err;
  const auto refused = high.json();
  ASSERT_EQ(refused["targets"].size(), 2u);
  for (const auto& t : refused["targets"]) {
    EXPECT_TRUE(t["dose_pct_mso"].is_null());
    EXPECT_NE(t["refused"].get<std::string>().find("above the stimulator's maximum"),
              std::string::npos);
  }
}

TEST(EfieldSphereMode, TheFigure8OnAnEightyFiveMmSphereMatchesTwoIndependentModels) {
  const std::string dir = freshTempDir("efield_sphere");
  writeFile(dir + "/points.csv", "0,0,70\n0,0,75\n0,0,65\n");  // 15, 10, 20 mm deep
  // Coil face on top of the sphere, +z into the head (RAS -z), handle anterior.
  const auto s = runTmsnav({"efield", "--sphere-center-ras-mm", "0,0,0", "--coil-pose-ras",
                            "[[-1,0,0,0],[0,1,0,0],[0,0,-1,85],[0,0,0,1]]", "--points",
                            dir + "/points.csv", "--didt-a-per-us", "1", "--json"});
  ASSERT_EQ(s.exit_code, 0) << s.err;
  const auto j = s.json();
  const auto& p = j["points"];
  ASSERT_EQ(p.size(), 3u);
  const Eigen::Vector3d e15 = vec(p[0]["e_v_per_m"]);
  EXPECT_NEAR(e15.norm(), kModelA, kFigure8Tol * kModelA);
  EXPECT_NEAR(e15.norm(), kModelB, kFigure8Tol * kModelB);
  EXPECT_GT(std::abs(e15.normalized().y()), 0.999);      // along the handle axis
  EXPECT_GT(vec(p[1]["e_v_per_m"]).norm(), e15.norm());  // shallower is stronger
  EXPECT_LT(vec(p[2]["e_v_per_m"]).norm(), e15.norm());
}

TEST(EfieldBadInput, RefusesACoilWithoutWindingAndImpossibleIntensities) {
  const std::string dir = freshTempDir("efield_bad");
  writeFile(dir + "/points.csv", "0,0,70\n");
  const std::vector<std::string> base = {"efield",
                                         "--sphere-center-ras-mm",
                                         "0,0,0",
                                         "--coil-pose-ras",
                                         "[[-1,0,0,0],[0,1,0,0],[0,0,-1,85],[0,0,0,1]]",
                                         "--points",
                                         dir + "/points.csv",
                                         "--json"};
  auto with = [&](std::vector<std::string> extra) {
    auto args = base;
    args.insert(args.end(), extra.begin(), extra.end());
    return runTmsnav(args);
  };
  const auto b65 = with({"--coil", "cool_b65_like"});
  EXPECT_EQ(b65.exit_code, 2);
  EXPECT_NE(b65.err.find("no winding geometry"), std::string::npos) << b65.err;
  EXPECT_EQ(with({"--intensity-pct-mso", "150"}).exit_code, 2);
  EXPECT_EQ(with({"--coil", "no_such_coil"}).exit_code, 2);
  const auto skew = runTmsnav({"efield", "--sphere-center-ras-mm", "0,0,0", "--coil-pose-ras",
                               "[[2,0,0,0],[0,1,0,0],[0,0,-1,85],[0,0,0,1]]", "--points",
                               dir + "/points.csv", "--json"});
  EXPECT_EQ(skew.exit_code, 2);
  writeFile(dir + "/bad.csv", "0,0,70\n1,2\n");
  const auto bad = runTmsnav({"efield", "--sphere-center-ras-mm", "0,0,0", "--coil-pose-ras",
                              "[[-1,0,0,0],[0,1,0,0],[0,0,-1,85],[0,0,0,1]]", "--points",
                              dir + "/bad.csv", "--json"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_EQ(std::count(bad.err.begin(), bad.err.end(), '\n'), 1);
  // The coil at the sphere's centre (an identity pose) is inside the conductor: no field.
  const auto inside = runTmsnav({"efield", "--sphere-center-ras-mm", "0,0,0", "--coil-pose-ras",
                                 "[[1,0,0,0],[0,1,0,0],[0,0,1,0],[0,0,0,1]]", "--points",
                                 dir + "/points.csv", "--json"});
  EXPECT_EQ(inside.exit_code, 2);
  EXPECT_NE(inside.err.find("outside the head"), std::string::npos) << inside.err;
}

namespace {
// Issue 29: a simulated session with --efield at 60 %MSO: every tracked pulse carries the E
// at the target, close to `efield --plan`'s at the planned pose scaled to 60 % (the
// simulated technician holds the coil within about 1.5 mm and 1 degree of the plan, which
// moves E by a few %); the report gives the session's mean and SD of exactly those values.
TEST_F(EfieldOnColin, PulsesCarryTheFieldAtTheTargetAndTheReportAveragesIt) {
  constexpr double kHeldPoseRel = 0.05;
  constexpr double kIntensityPct = 60.0;
  constexpr double kJournalRoundingVPerM = 0.01;
  ASSERT_EQ(run_.exit_code, 0) << run_.err;
  const double planned_e =
      nlohmann::json::parse(run_.out)["target_e_v_per_m"].get<double>() * kIntensityPct / 100;
  const std::string journal = dir_ + "/day1.jsonl";
  const auto track = runTmsnav({"track", "--simulate", "--plan", fix_ + "/plan.json", "--efield",
                                "--intensity-pct-mso", "60", "--seconds", "12", "--speed", "4",
                                "--pulse-train", "10hz:2s:2s", "--out", journal, "--json"},
                               600);
  ASSERT_EQ(track.exit_code, 0) << track.err;
  std::vector<double> e;
  std::istringstream lines(readFile(journal));
  for (std::string line; std::getline(lines, line);) {
    const auto j = nlohmann::json::parse(line);
    if (j.value("type", "") == "header") {
      EXPECT_EQ(j["stimulation"]["stimulator"], "Magstim Rapid");
      EXPECT_DOUBLE_EQ(j["stimulation"]["intensity_pct_mso"].get<double>(), kIntensityPct);
    }
    if (j.value("type", "") != "pulse" || !j.value("tracked", false)) continue;
    ASSERT_TRUE(j.contains("target_e_v_per_m") && j["target_e_v_per_m"].is_number()) << line;
    e.push_back(j["target_e_v_per_m"].get<double>());
    EXPECT_NEAR(e.back(), planned_e, kHeldPoseRel * planned_e) << line;
  }
  ASSERT_GE(e.size(), 10u);
  const auto report = runTmsnav({"report", journal, "--out", dir_ + "/report", "--json"}, 600);
  ASSERT_EQ(report.exit_code, 0) << report.err;
  const auto s = nlohmann::json::parse(report.out)["sessions"][0];
  double mean = 0;
  for (double x : e) mean += x / static_cast<double>(e.size());
  EXPECT_EQ(s["target_e_pulses"].get<size_t>(), e.size());
  EXPECT_NEAR(s["target_e_v_per_m_mean"].get<double>(), mean, kJournalRoundingVPerM);
  EXPECT_TRUE(s["target_e_absent"].is_null());
}
}  // namespace

// Issue 29's "on Colin27 and seg3d": the second real head (seg3d's T1, a different
// person, head and skull) gives a DLPFC field in the same physical range with the peak
// under the coil. Measured: 132 V/m at the target, peak 158 V/m 11 mm from it, sphere fitted
// to 2,173 inner-skull points within 40 mm (RMS 2.0 mm, radius 67 mm).
TEST(EfieldOnSeg3d, TheDlpfcFieldIsInThePhysicalRangeAndPeaksUnderTheCoil) {
  const std::string dir = freshTempDir("efield-seg3d");
  const auto plan = runTmsnav({"plan", testData("mri/seg3d/t1.nii.gz"), "--target", kDlpfc, "--out",
                               dir + "/plan.json", "--json"},
                              600);
  ASSERT_EQ(plan.exit_code, 0) << plan.err;
  const auto run = runTmsnav({"efield", "--plan", dir + "/plan.json", "--json"}, 600);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto j = run.json();
  const double e = j["target_e_v_per_m"].get<double>();
  std::cout << "seg3d DLPFC: " << e << " V/m, peak " << j["peak_e_v_per_m"] << " V/m "
            << j["peak_to_target_mm"] << " mm from it\n";
  EXPECT_NEAR(j["didt_a_per_us"].get<double>(), kD70RapidAPerUs, 1e-9);
  EXPECT_GE(e, kMinTargetVPerM);
  EXPECT_LE(e, kMaxTargetVPerM);
  EXPECT_GE(j["peak_e_v_per_m"].get<double>(), e);
  EXPECT_LT(j["peak_to_coil_axis_mm"].get<double>(), kPeakUnderCoilMm);
}
