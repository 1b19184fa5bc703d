// plan, simulate and render on Colin27 through the real binary.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <sstream>

#include <Eigen/Geometry>
#include <Eigen/LU>

#include "tests/support/nifti_writer.h"
#include "tests/support/shared_fixture.h"
#include "tests/support/test_support.h"

using namespace tmsnav::test;

namespace {
constexpr double kMinRegisteredHeadDice = 0.94;  // imaging/registration_quality.h
constexpr double kEntryToF3Mm = 15.0;            // issue 2: entry within 15 mm of Jurcak F3
constexpr double kTolMm = 1e-3;
constexpr double kRigidTol = 1e-6;
constexpr double kMniOnColinMm = 2.0;  // issue 5: mni:-38,44,26 on ch2 (which is MNI) within 2 mm
constexpr double kFiducialMm = 10.0;   // issue 5: landmarks within 10 mm of the listed fiducials

class PlanOnColin : public ::testing::Test {
 protected:
  // Colin27 segmented and planned once for all of these tests (fix_, read only); each test
  // writes its own files to dir_.
  static void SetUpTestSuite() {
    fix_ = sharedFixture("plan-colin27", {ch2()}, [](const std::string& d) {
      auto seg = runTmsnav({"segment", ch2(), "--out", d});
      ASSERT_EQ(seg.exit_code, 0) << seg.err;
      saveResult(d, "plan",
                 runTmsnav({"plan", ch2(), "--target", "ras:-38,44,26", "--target", "mni:-38,44,26",
                            "--out", d + "/plan.json", "--json"}));
    });
    plan_run_ = loadResult(fix_, "plan");
    dir_ = freshTempDir("plan");
  }
  static std::string fix_, dir_;
  static CommandResult plan_run_;
};
std::string PlanOnColin::fix_, PlanOnColin::dir_;
CommandResult PlanOnColin::plan_run_;
}  // namespace

TEST_F(PlanOnColin, EntryIsNearF3AndTheCoilPointsIntoTheHead) {
  ASSERT_EQ(plan_run_.exit_code, 0) << plan_run_.err;
  const auto plan = nlohmann::json::parse(readFile(fix_ + "/plan.json"));
  EXPECT_EQ(plan_run_.json()["targets"], plan["targets"]);
  EXPECT_EQ(plan["mri_sha256"].get<std::string>().size(), 64u);
  const auto& t = plan["targets"][0];
  EXPECT_EQ(t["method"], "ras");
  const Eigen::Vector3d target = vec(t["target_ras_mm"]), entry = vec(t["entry_ras_mm"]);
  EXPECT_LT((target - Eigen::Vector3d(-38, 44, 26)).norm(), kTolMm);
  EXPECT_LT((entry - mniLandmark("F3")).norm(), kEntryToF3Mm);
  EXPECT_NEAR(t["scalp_to_target_mm"].get<double>(), (entry - target).norm(), kTolMm);

  Eigen::Matrix4d m;
  for (int r = 0; r < 4; ++r)
    for (int c = 0; c < 4; ++c) m(r, c) = t["coil_to_mri_ras"][r][c].get<double>();
  const Eigen::Matrix3d rot = m.topLeftCorner<3, 3>();
  EXPECT_LT((rot.transpose() * rot - Eigen::Matrix3d::Identity()).norm(), kRigidTol);
  EXPECT_NEAR(rot.determinant(), 1.0, kRigidTol);
  EXPECT_LT((m.col(3).head<3>() - entry).norm(), kTolMm);         // origin on the scalp
  EXPECT_GT(rot.col(2).dot((target - entry).normalized()), 0.8);  // +z into the head
  EXPECT_LT(rot.col(1).y(), 0.0);                                 // handle posterior (RAS -y)
  EXPECT_LT(rot.col(1).x(), 0.0);                                 // and lateral (left = -x)
}

TEST_F(PlanOnColin, MniTargetsAndFiducialsLandWhereColin27PutsThem) {
  ASSERT_EQ(plan_run_.exit_code, 0) << plan_run_.err;
  const auto plan = nlohmann::json::parse(readFile(fix_ + "/plan.json"));
  ASSERT_EQ(plan["targets"].size(), 2u);  // in the order given
  const auto& mni = plan["targets"][1];
  EXPECT_EQ(mni["method"], "mni");
  EXPECT_LT((vec(mni["target_ras_mm"]) - Eigen::Vector3d(-38, 44, 26)).norm(), kMniOnColinMm);
  EXPECT_LT((vec(mni["target_mni_mm"]) - Eigen::Vector3d(-38, 44, 26)).norm(), kTolMm);
  EXPECT_LT((vec(plan["targets"][0]["target_mni_mm"]) - Eigen::Vector3d(-38, 44, 26)).norm(),
            kMniOnColinMm);
  const auto& reg = plan["mni_registration"];
  EXPECT_NEAR(reg["scale_determinant"].get<double>(), 1.0, 0.02);
  EXPECT_GE(reg["head_dice"].get<double>(), kMinRegisteredHeadDice);
  EXPECT_TRUE(reg["warnings"].empty());
  const auto& lm = plan["landmarks_ras_mm"];
  EXPECT_LT((vec(lm["nasion"]) - mniLandmark("Nz")).norm(), kFiducialMm);
  EXPECT_LT((vec(lm["inion"]) - mniLandmark("Iz")).norm(), kFiducialMm);
  EXPECT_LT((vec(lm["lpa"]) - mniLandmark("LPA")).norm(), kFiducialMm);
  EXPECT_LT((vec(lm["rpa"]) - mniLandmark("RPA")).norm(), kFiducialMm);
  // Wall-clock times go to stdout, never into plan.json (cohort runs compare its bytes).
  EXPECT_FALSE(plan.contains("seconds"));
  EXPECT_FALSE(reg.contains("orientation_search_seconds"));
  EXPECT_TRUE(plan_run_.json()["seconds"].contains("mni_registration"));
  EXPECT_TRUE(plan_run_.json()["seconds"].contains("orientation_search"));
}

TEST(PlanOnSeg3d, EveryDlpfcSourceLiesLeftAnteriorAndOnTheCortex) {
  const std::string d = freshTempDir("plan-seg3d");
  // Every left-DLPFC source of --compare: left, anterior, beneath the scalp; atlas and
  // scalp-rule targets on the cortex (the cortex point under the coil).
  // The target is where the line from the entry toward the source meets the cortex; the
  // depth is taken along the coil axis from the same entry. The two leave in slightly
  // different directions, and on a cortex whose sulci are open one may enter a sulcus the
  // other passes over (measured 1.6 mm on seg3d's BA9 with issue 16's closed cortex).
  constexpr double kOnCortexMm = 2.5;
  const auto r = runTmsnav(
      {"plan", testData("mri/seg3d/t1.nii.gz"), "--compare", "--out", d + "/plan.json", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = r.json();
  ASSERT_EQ(j["targets"].size(), 7u);
  const Eigen::Vector3d nasion = vec(j["landmarks_ras_mm"]["nasion"]);
  const Eigen::Vector3d lpa = vec(j["landmarks_ras_mm"]["lpa"]),
                        rpa = vec(j["landmarks_ras_mm"]["rpa"]);
  const Eigen::Vector3d mid = 0.5 * (lpa + rpa);
  for (const auto& t : j["targets"]) {
    const Eigen::Vector3d target = vec(t["target_ras_mm"]);
    const std::string name = t["name"];
    EXPECT_LT((target - mid).dot((rpa - lpa).normalized()), -20.0) << name;    // left
    EXPECT_GT((target - mid).dot((nasion - mid).normalized()), 20.0) << name;  // toward the nose
    const double depth = t["scalp_to_target_mm"].get<double>();
    EXPECT_GT(depth, 5.0) << name;  // beneath the scalp, not on it
    EXPECT_LT(depth, 40.0) << name;
    if (t["method"] != "mni")
      EXPECT_NEAR(depth, t["scalp_to_cortex_mm"].get<double>(), kOnCortexMm) << name;
  }
}

TEST_F(PlanOnColin, SimulationIsByteIdenticalForASeedAndReachesOnTarget) {
  ASSERT_EQ(plan_run_.exit_code, 0) << plan_run_.err;
  const std::string a = dir_ + "/a.jsonl", b = dir_ + "/b.jsonl";
  const auto ra = runTmsnav({"simulate", "--plan", fix_ + "/plan.json", "--seconds", "10", "--seed",
                             "3", "--out", a, "--json"});
  const auto rb = runTmsnav(
      {"simulate", "--plan", fix_ + "/plan.json", "--seconds", "10", "--seed", "3", "--out", b});
  ASSERT_EQ(ra.exit_code, 0) << ra.err;
  ASSERT_EQ(rb.exit_code, 0) << rb.err;
  EXPECT_EQ(readFile(a), readFile(b));
  EXPECT_EQ(ra.json()["reached_on_target"], true);
  EXPECT_TRUE(ra.json()["samples"].is_number_integer());

  std::istringstream lines(readFile(a));
  std::string line, last_state;
  int n = 0;
  for (; std::getline(lines, line); ++n) {
    const auto j = nlohmann::json::parse(line);
    for (const char* key : {"t_s", "coil_to_mri_ras", "position_error_mm", "tilt_error_deg",
                            "handle_error_deg", "state"})
      ASSERT_TRUE(j.contains(key)) << key << " in " << line;
    if (n == 0) EXPECT_EQ(j["t_s"].get<double>(), 0.0);
    if (j["state"] == "not_tracking") EXPECT_TRUE(j["coil_to_mri_ras"].is_null());
    last_state = j["state"];
  }
  EXPECT_EQ(n, ra.json()["samples"].get<int>());
  EXPECT_EQ(last_state, "on_target");
}

TEST_F(PlanOnColin, RenderShowsTheHead) {
  ASSERT_EQ(plan_run_.exit_code, 0) << plan_run_.err;
  const std::string png = dir_ + "/shot.png";
  const auto r = runTmsnav({"render", "--plan", fix_ + "/plan.json", "--scalp", fix_ + "/scalp.vtp",
                            "--screenshot", png, "--size", "640x400", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const Png img = readPng(png);
  ASSERT_TRUE(img.ok());
  EXPECT_EQ(img.width, 640);
  EXPECT_EQ(img.height, 400);
  EXPECT_GT(img.stddev(), 20.0);  // not blank
  // Skin-coloured scalp and the green on-target coil are both on screen. The coil is a
  // see-through casing (issue 31: kTrackedCoilOpacity 0.4), so its green is blended with
  // what lies behind it: (33, 119, 55) over the background, 5 % of the frame measured.
  EXPECT_GT(img.fractionNear(0, 0, 640, 400, {190, 160, 140}, 60.0), 0.03);
  EXPECT_GT(img.fractionNear(0, 0, 640, 400, {33, 119, 55}, 60.0), 0.01);

  // --scalp-depth colours the scalp by its distance to the cortex (viridis): where the
  // cortex is near, bright yellow (no skin or background colour is). Without segment's scalp.vtp
  // there is no distance to show.
  const std::string depth_png = dir_ + "/depth.png";
  const auto d = runTmsnav({"render", "--plan", fix_ + "/plan.json", "--scalp", fix_ + "/scalp.vtp",
                            "--screenshot", depth_png, "--size", "640x400", "--scalp-opacity", "1",
                            "--scalp-depth"});
  ASSERT_EQ(d.exit_code, 0) << d.err;
  const Png depth = readPng(depth_png);
  ASSERT_TRUE(depth.ok());
  const Eigen::Vector3d kNearYellow(253, 231, 37);
  std::cout << "yellow: " << depth.fractionNear(0, 0, 640, 400, kNearYellow, 60.0) << " by depth, "
            << img.fractionNear(0, 0, 640, 400, kNearYellow, 60.0) << " plain\n";
  EXPECT_GT(depth.fractionNear(0, 0, 640, 400, kNearYellow, 60.0), 0.001);  // 0.0037 measured
  EXPECT_LT(img.fractionNear(0, 0, 640, 400, kNearYellow, 60.0), 0.001);    // 0.00005 measured
  const auto no_mesh = runTmsnav(
      {"render", "--plan", fix_ + "/plan.json", "--screenshot", depth_png, "--scalp-depth"});
  EXPECT_EQ(no_mesh.exit_code, 2);
  EXPECT_NE(no_mesh.err.find("--scalp"), std::string::npos) << no_mesh.err;
}

TEST(PlanAtlas, BrodmannAndAalCentroidsAndTheCompareTable) {
  constexpr double kProjectionMm = 30.0;  // centroid (often white matter) to the cortex
  constexpr double kMinScalpToCortexMm = 5.0, kMaxScalpToCortexMm = 30.0;  // adult frontal
  // An atlas target lies on the cortex on the line from the entry to the centroid; the
  // depth is measured along the coil axis, a few degrees away.
  constexpr double kOnCortexMm = 1.0;
  constexpr double kCentroidMm =
      2.0;  // STACK.md: BA9 left ~(-23, 38, 43), BA46 left ~(-35, 45, 22)
  const std::string d = freshTempDir("plan-atlas");
  const auto r = runTmsnav({"plan", ch2(), "--compare", "--out", d + "/plan.json", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = r.json();
  ASSERT_EQ(j["targets"].size(), 7u);
  std::map<std::string, Eigen::Vector3d> mni;
  for (const auto& t : j["targets"])
    if (t.contains("atlas_centroid_mni_mm")) mni[t["name"]] = vec(t["atlas_centroid_mni_mm"]);
  EXPECT_LT((mni["atlas:BA9"] - Eigen::Vector3d(-23, 38, 43)).norm(), kCentroidMm);
  EXPECT_LT((mni["atlas:BA46"] - Eigen::Vector3d(-35, 45, 22)).norm(), kCentroidMm);
  // The target itself is the centroid carried out to the cortex, toward the scalp.
  for (const auto& t : j["targets"]) {
    if (t["method"] == "10-20" || t["method"] == "beam-f3" ||
        t["method"] == "beam-f3-adjusted") {  // scalp rules: cortex under entry
      EXPECT_NEAR(t["scalp_to_target_mm"].get<double>(), t["scalp_to_cortex_mm"].get<double>(),
                  1e-6);
      EXPECT_GT(t["scalp_to_cortex_mm"].get<double>(), kMinScalpToCortexMm);
    }
    if (t["method"] != "atlas") continue;
    EXPECT_LT((vec(t["target_mni_mm"]) - mni[t["name"]]).norm(), kProjectionMm) << t["name"];
    EXPECT_GT(t["scalp_to_cortex_mm"].get<double>(), kMinScalpToCortexMm);
    EXPECT_LT(t["scalp_to_cortex_mm"].get<double>(), kMaxScalpToCortexMm);
    EXPECT_NEAR(t["scalp_to_target_mm"].get<double>(), t["scalp_to_cortex_mm"].get<double>(),
                kOnCortexMm);
  }
  EXPECT_LT(mni["atlas:AAL:Frontal_Mid_L"].x(), -20.0);  // left
  const auto& table = j["compare"]["entry_distance_mm"];
  ASSERT_EQ(table.size(), 7u);
  for (size_t a = 0; a < 7; ++a)
    for (size_t b = 0; b < 7; ++b) {
      EXPECT_NEAR(table[a][b].get<double>(), table[b][a].get<double>(), 1e-9);
      if (a == b) EXPECT_EQ(table[a][b].get<double>(), 0.0);
    }

  const auto right =
      runTmsnav({"plan", ch2(), "--target", "atlas:BA46:R", "--out", d + "/r.json", "--json"});
  ASSERT_EQ(right.exit_code, 0) << right.err;
  EXPECT_GT(vec(right.json()["targets"][0]["target_mni_mm"]).x(), 20.0);
  for (const char* bad : {"atlas:AAL:Nowhere", "atlas:BA99", "atlas:BA46:X", "atlas:"})
    EXPECT_EQ(runTmsnav({"plan", ch2(), "--target", bad, "--out", d + "/x.json"}).exit_code, 2)
        << bad;
}

TEST(PlanTenTwenty, PositionsOnColin27MatchJurcakAndF3IsATarget) {
  constexpr double kTenTwentyMm = 10.0;  // issue 5: 10-20 F3 within 10 mm of Jurcak's F3
  const std::string d = freshTempDir("plan-1020");
  const auto r = runTmsnav({"plan", ch2(), "--target", "10-20:F3", "--target", "10-20:C3", "--out",
                            d + "/plan.json", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = r.json();
  const auto& p = j["ten_twenty_ras_mm"];
  for (const char* name : {"F3", "F4", "Cz", "C3", "Fp1"})
    EXPECT_LT((vec(p[name]) - mniLandmark(name)).norm(), kTenTwentyMm) << name;
  const auto& f3 = j["targets"][0];
  EXPECT_EQ(f3["method"], "10-20");
  EXPECT_LT((vec(f3["entry_ras_mm"]) - vec(p["F3"])).norm(), 1.0);  // the rule's point is the entry
  EXPECT_EQ(runTmsnav({"plan", ch2(), "--target", "10-20:Q9", "--out", d + "/x.json"}).exit_code,
            2);
  // F3's scalp position given as scalp:X,Y,Z (what the app's "cortex beneath" click writes)
  // is planned as the 10-20 rule plans it: the same entry, the same cortex beneath.
  const Eigen::Vector3d e = vec(f3["entry_ras_mm"]);
  char spec[96];
  std::snprintf(spec, sizeof spec, "scalp:%.3f,%.3f,%.3f", e.x(), e.y(), e.z());
  const auto s = runTmsnav({"plan", ch2(), "--target", spec, "--out", d + "/scalp.json", "--json"});
  ASSERT_EQ(s.exit_code, 0) << s.err;
  const auto planned = s.json();
  const auto& beneath = planned["targets"][0];
  EXPECT_EQ(beneath["method"], "scalp");
  constexpr double kSamePlanMm = 0.5;  // the position is re-projected onto the same scalp
  EXPECT_LT((vec(beneath["entry_ras_mm"]) - e).norm(), kSamePlanMm);
  EXPECT_LT((vec(beneath["target_ras_mm"]) - vec(f3["target_ras_mm"])).norm(), kSamePlanMm);
  EXPECT_GT(beneath["scalp_to_target_mm"].get<double>(), 5.0);  // on the cortex, not the scalp
}

TEST(PlanBeamF3, LiesNearTenTwentyF3OnColin27AndReportsItsMeasurements) {
  constexpr double kBeamToF3Mm = 15.0;  // issue 5
  const std::string d = freshTempDir("plan-beam");
  // The adjusted variant is the same point 3.5 mm further from the vertex along the scalp:
  // the chord is shorter than the arc by well under a millimetre at that length.
  constexpr double kAdjustmentChordToleranceMm = 0.6;
  const auto r = runTmsnav({"plan", ch2(), "--target", "beam-f3", "--target", "10-20:F3",
                            "--target", "beam-f3-adjusted", "--out", d + "/plan.json", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = r.json();
  const auto& beam = j["targets"][0];
  EXPECT_EQ(beam["method"], "beam-f3");
  EXPECT_LT((vec(beam["entry_ras_mm"]) - vec(j["targets"][1]["entry_ras_mm"])).norm(), kBeamToF3Mm);
  const auto& adjusted = j["targets"][2];
  EXPECT_EQ(adjusted["method"], "beam-f3-adjusted");
  const Eigen::Vector3d cz = vec(j["ten_twenty_ras_mm"]["Cz"]);
  const Eigen::Vector3d p = vec(beam["entry_ras_mm"]), q = vec(adjusted["entry_ras_mm"]);
  EXPECT_NEAR((q - p).norm(), 3.5, kAdjustmentChordToleranceMm);
  EXPECT_GT((q - cz).norm(), (p - cz).norm() + 2.5);  // further from the vertex
  EXPECT_NEAR(j["beam_f3"]["y_adjusted_from_vertex_mm"].get<double>() -
                  j["beam_f3"]["y_from_vertex_mm"].get<double>(),
              3.5, 1e-9);
  // Tape measurements of an adult head, taken along Colin27's scalp.
  const auto& m = j["beam_f3"];
  EXPECT_GT(m["nasion_inion_mm"].get<double>(), 300.0);
  EXPECT_LT(m["nasion_inion_mm"].get<double>(), 420.0);
  EXPECT_GT(m["tragus_tragus_mm"].get<double>(), 280.0);
  EXPECT_LT(m["tragus_tragus_mm"].get<double>(), 420.0);
  EXPECT_GT(m["circumference_mm"].get<double>(), 500.0);
  EXPECT_LT(m["circumference_mm"].get<double>(), 650.0);
}

TEST(PlanTenTwenty, Seg3dF3IsLeftAndAnterior) {
  const std::string d = freshTempDir("plan-1020-seg3d");
  const auto r = runTmsnav({"plan", testData("mri/seg3d/t1.nii.gz"), "--target", "10-20:F3",
                            "--target", "beam-f3", "--out", d + "/plan.json", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = r.json();
  const Eigen::Vector3d f3 = vec(j["ten_twenty_ras_mm"]["F3"]),
                        cz = vec(j["ten_twenty_ras_mm"]["Cz"]);
  const Eigen::Vector3d lpa = vec(j["landmarks_ras_mm"]["lpa"]),
                        rpa = vec(j["landmarks_ras_mm"]["rpa"]);
  const Eigen::Vector3d nasion = vec(j["landmarks_ras_mm"]["nasion"]);
  EXPECT_LT((f3 - cz).dot((rpa - lpa).normalized()), -20.0);          // left of the vertex
  EXPECT_GT((f3 - cz).dot((nasion - cz).normalized()), 20.0);         // toward the nose
  const Eigen::Vector3d beam = vec(j["targets"][1]["entry_ras_mm"]);  // Beam F3 likewise
  EXPECT_LT((beam - cz).dot((rpa - lpa).normalized()), -20.0);
  EXPECT_GT((beam - cz).dot((nasion - cz).normalized()), 20.0);
}

TEST(PlanScalpRules, FiveCentimetreRuleGoesAnteriorInTheHotspotsParasagittalPlane) {
  const std::string d = freshTempDir("plan-5cm");
  const Eigen::Vector3d hotspot = mniLandmark("C3");  // a motor hotspot stand-in on Colin27
  const std::string at = std::to_string(hotspot.x()) + "," + std::to_string(hotspot.y()) + "," +
                         std::to_string(hotspot.z());
  const auto r = runTmsnav({"plan", ch2(), "--target", "5cm-rule:" + at, "--target",
                            "5.5cm-rule:" + at, "--out", d + "/plan.json", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const Eigen::Vector3d five = vec(r.json()["targets"][0]["entry_ras_mm"]);
  const Eigen::Vector3d five_half = vec(r.json()["targets"][1]["entry_ras_mm"]);
  EXPECT_EQ(r.json()["targets"][0]["method"], "5cm-rule");
  EXPECT_NEAR(five.x(), hotspot.x(), 3.0);       // same parasagittal plane (ear axis ~ x)
  EXPECT_GT(five.y() - hotspot.y(), 30.0);       // anterior
  const double chord = (five - hotspot).norm();  // a 50 mm arc has a shorter chord
  EXPECT_GT(chord, 43.0);
  EXPECT_LT(chord, 52.0);
  EXPECT_NEAR((five_half - five).norm(), 5.0, 1.0);  // 5 mm further along the same arc
  EXPECT_EQ(
      runTmsnav({"plan", ch2(), "--target", "5cm-rule:1,2", "--out", d + "/x.json"}).exit_code, 2);
}

TEST(PlanEntry, CortexNormalEntryAndScalpOffsetMoveTheCoil) {
  constexpr double kOffsetMm = 6.0;
  constexpr double kMinEntryShiftMm = 1.0;  // the two entry rules differ on a folded cortex
  const std::string d = freshTempDir("plan-entry");
  const auto nearest =
      runTmsnav({"plan", ch2(), "--target", "atlas:BA46", "--out", d + "/nearest.json", "--json"});
  const auto normal = runTmsnav({"plan", ch2(), "--target", "atlas:BA46", "--entry",
                                 "cortex-normal", "--scalp-offset-mm", std::to_string(kOffsetMm),
                                 "--out", d + "/normal.json", "--json"});
  ASSERT_EQ(nearest.exit_code, 0) << nearest.err;
  ASSERT_EQ(normal.exit_code, 0) << normal.err;
  const auto a = nearest.json()["targets"][0], b = normal.json()["targets"][0];
  EXPECT_EQ(normal.json()["entry"], "cortex-normal");
  EXPECT_EQ(normal.json()["scalp_offset_mm"].get<double>(), kOffsetMm);
  // Same cortical target, another way out to the scalp; nearest is the shortest by definition.
  EXPECT_LT((vec(a["target_ras_mm"]) - vec(b["target_ras_mm"])).norm(), kTolMm);
  EXPECT_GT((vec(a["entry_ras_mm"]) - vec(b["entry_ras_mm"])).norm(), kMinEntryShiftMm);
  EXPECT_GE(b["scalp_to_target_mm"].get<double>(), a["scalp_to_target_mm"].get<double>() - kTolMm);
  // The coil centre sits kOffsetMm outside the entry, against the coil's +z (into the head).
  const auto& m = b["coil_to_mri_ras"];
  const Eigen::Vector3d centre(m[0][3], m[1][3], m[2][3]), z(m[0][2], m[1][2], m[2][2]);
  EXPECT_LT((centre - (vec(b["entry_ras_mm"]) - kOffsetMm * z)).norm(), kTolMm);
  const auto bad = runTmsnav(
      {"plan", ch2(), "--target", "atlas:BA46", "--entry", "sideways", "--out", d + "/bad.json"});
  EXPECT_EQ(bad.exit_code, 2);
}

// Issue 5: on ch2 moved by a known rigid motion, every kind of target moves with the head.
// The motion is written into the header only (voxels untouched), so it is exact.
namespace {
// Plans every target source on Colin27 and on Colin27 moved by `move` (its header only):
// each target, entry and landmark must move with the head.
void expectPlansMoveWithTheHead(const Eigen::Isometry3d& move, const std::string& name) {
  constexpr double kRegisteredMm = 2.0;  // mni:, atlas: through the MNI registration
  constexpr double kScalpRuleMm = 3.0;   // 10-20, Beam F3, landmarks: the scalp is re-meshed
  const std::string d = freshTempDir("plan-" + name);
  writeMovedNifti(ch2(), d + "/moved.nii", move.matrix());
  const std::vector<std::string> specs = {"mni:-38,44,26", "atlas:BA46", "10-20:F3", "beam-f3"};
  auto plan = [&](const std::string& mri, const std::string& out) {
    std::vector<std::string> args = {"plan", mri, "--out", out, "--json"};
    for (const auto& s : specs) args.insert(args.end(), {"--target", s});
    const auto r = runTmsnav(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.json();
  };
  const auto a = plan(ch2(), d + "/original.json");
  const auto b = plan(d + "/moved.nii", d + "/moved.json");
  ASSERT_EQ(b["targets"].size(), specs.size()) << name;
  for (size_t i = 0; i < specs.size(); ++i) {
    const double tol = i < 2 ? kRegisteredMm : kScalpRuleMm;
    for (const char* key : {"target_ras_mm", "entry_ras_mm"}) {
      const Eigen::Vector3d expected = move * vec(a["targets"][i][key]);
      const double off = (vec(b["targets"][i][key]) - expected).norm();
      std::cout << name << ": " << specs[i] << " " << key << " off by " << off << " mm\n";
      EXPECT_LT(off, tol) << name << ": " << specs[i] << " " << key;
    }
  }
  for (const char* lm : {"nasion", "inion", "lpa", "rpa"})
    EXPECT_LT((vec(b["landmarks_ras_mm"][lm]) - move * vec(a["landmarks_ras_mm"][lm])).norm(),
              kScalpRuleMm)
        << name << ": " << lm;
}

Eigen::Isometry3d turnAboutHead(double deg, const Eigen::Vector3d& axis,
                                const Eigen::Vector3d& shift) {
  const Eigen::Vector3d centre(0, -18, 18);
  Eigen::Isometry3d move = Eigen::Isometry3d::Identity();  // RAS mm
  move.translate(centre + shift);
  move.rotate(Eigen::AngleAxisd(deg * M_PI / 180.0, axis.normalized()));
  move.translate(-centre);
  return move;
}
}  // namespace

TEST(PlanMovedHead, EveryTargetSourceMovesWithTheHead) {
  expectPlansMoveWithTheHead(turnAboutHead(12.0, {0.4, 1, 0.3}, {7, -5, 4}), "moved");
}

// Issue 16: a head stored turned 90 degrees about its long axis (the header only) was
// planned 96 mm off without a warning; every orientation is searched now.
TEST(PlanMovedHead, AHeadStoredTurned90DegreesIsPlannedWhereItIs) {
  expectPlansMoveWithTheHead(turnAboutHead(90.0, {0, 0, 1}, {0, 0, 0}), "turned-90");
}

// Issue 26: a header that lies by a half turn about the vertical axis (the face stored
// where the back of the head is) is a lie the orientation search exists for: the anatomy
// (the whole head and the face) overrules the header, and every target lands where it is.
TEST(PlanMovedHead, AHeadStoredTurned180DegreesIsPlannedWhereItIs) {
  expectPlansMoveWithTheHead(turnAboutHead(180.0, {0, 0, 1}, {0, 0, 0}), "turned-180");
}
