// Issue 15: a simulated course of sessions with a known placement spread, reported by the
// real binary; the report must recover what the simulator was told.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <iostream>
#include <sstream>

#include "tests/support/test_support.h"
#include "tracking/simulated_tracker.h"

using namespace tmsnav::test;

namespace {
// The report recovers a known spread within this fraction (the issue's 10 %).
constexpr double kRecoveredFraction = 0.10;
constexpr int kSessions = 10;
constexpr double kDay3OffsetMm = 3.0;

struct Course {
  std::string dir;
  std::vector<std::string> journals;
  std::vector<Eigen::Vector2d> truth;  // where each session's technician settled (mm)
};

// One session: on target after a 6 s dwell (the approach is over by then), then trains of
// pulses; wide thresholds so that every placement in the course is "on target". Sessions
// run 5 times faster than real time: faster would make a busy machine's scheduling delays
// (magnified by the speed) look like a stale tracker. Sessions
// run 5 times faster than real time: faster would make a busy machine's scheduling delays
// (magnified by the speed) look like a stale tracker.
Course simulateCourse(const std::string& name, double sd_mm, bool day3_offset) {
  Course c;
  c.dir = freshTempDir(name);
  writeDlpfcPlan(c.dir + "/plan.json", "cafe01");
  for (int i = 1; i <= kSessions; ++i) {
    const std::string out = c.dir + "/session-" + std::to_string(i) + ".jsonl";
    // clang-format off
    std::vector<std::string> args = {
        "track", "--simulate", "--plan", c.dir + "/plan.json", "--seconds", "25",
        "--speed", "5", "--seed", std::to_string(i), "--pulse-train", "10hz:2s:3s",
        "--thresholds", "25,30,5,7,10,12,6", "--placement-sd-mm", std::to_string(sd_mm),
        "--session-label", "day " + std::to_string(i), "--out", out, "--json"};
    // clang-format on
    Eigen::Vector3d truth = tmsnav::sessionPlacementOffset(static_cast<std::uint64_t>(i), sd_mm);
    if (day3_offset && i == 3) {
      args.insert(args.end() - 3, {"--placement-offset-mm", "3,0"});
      truth.x() += kDay3OffsetMm;
    }
    const auto r = runTmsnav(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_GT(r.json()["pulses"].get<int>(), 20) << out;
    c.journals.push_back(out);
    c.truth.push_back(truth.head<2>());
  }
  return c;
}

double rmsAboutMean(const std::vector<Eigen::Vector2d>& points) {
  Eigen::Vector2d mean = Eigen::Vector2d::Zero();
  for (const auto& p : points) mean += p;
  mean /= static_cast<double>(points.size());
  double sq = 0;
  for (const auto& p : points) sq += (p - mean).squaredNorm();
  return std::sqrt(sq / static_cast<double>(points.size()));
}

nlohmann::json report(const Course& c, const std::string& out) {
  std::vector<std::string> args = {"report"};
  args.insert(args.end(), c.journals.begin(), c.journals.end());
  args.insert(args.end(), {"--plan", c.dir + "/plan.json", "--out", out, "--json"});
  const auto r = runTmsnav(args);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return r.json();
}
}  // namespace

TEST(ReportCli, RecoversAKnownSpreadAndTheDay3Offset) {
  for (double sd : {1.0, 5.0}) {
    const Course c =
        simulateCourse("course-" + std::to_string(static_cast<int>(sd)), sd, sd == 1.0);
    const std::string out = c.dir + "/report";
    const auto j = report(c, out);
    ASSERT_TRUE(j.is_object());
    const double truth = rmsAboutMean(c.truth);
    const double spread = j["course"]["spread_rms_mm"].get<double>();
    EXPECT_NEAR(spread, truth, kRecoveredFraction * truth) << "sd " << sd << " mm";
    std::cout << "placement SD " << sd << " mm: true spread " << truth << " mm, reported " << spread
              << " mm\n";
    ASSERT_EQ(j["sessions"].size(), static_cast<size_t>(kSessions));
    for (int i = 0; i < kSessions; ++i) {
      const auto& s = j["sessions"][static_cast<size_t>(i)];
      EXPECT_EQ(s["label"], "day " + std::to_string(i + 1));  // in order of their start
      EXPECT_EQ(s["measured_from"], "pulses");
      const double shift = s["shift_from_plan_mm"].get<double>();
      const double expected = c.truth[static_cast<size_t>(i)].norm();
      if (expected > 1.0)  // a fraction of a tiny offset is below the tracker's noise
        EXPECT_NEAR(shift, expected, kRecoveredFraction * expected) << "session " << i + 1;
      for (const char* key : {"position_error_mm", "tilt_error_deg", "handle_error_deg"})
        for (const char* stat : {"mean", "sd", "median", "p95", "max"})
          EXPECT_TRUE(s[key][stat].is_number()) << key << "." << stat;
      EXPECT_TRUE(s["time_to_first_on_target_s"].is_number());
    }
    EXPECT_EQ(j["course"]["agreement"].size(), static_cast<size_t>(kSessions - 1));
    EXPECT_LT(j["course"]["angular_spread_deg"].get<double>(), 0.5);  // only tremor turns the coil
    for (const char* file : {"index.html", "summary.json", "pulse_map.png", "error_over_time.png",
                             "position_error_boxes.png"})
      EXPECT_TRUE(std::filesystem::exists(out + "/" + file)) << file;
    const Png map = readPng(out + "/pulse_map.png");
    ASSERT_TRUE(map.ok());
    EXPECT_GT(map.stddev(), 10.0);  // not blank
    const std::string html = readFile(out + "/index.html");
    EXPECT_NE(html.find("<img src=\"pulse_map.png\""), std::string::npos);
    EXPECT_NE(html.find("Caulfield"), std::string::npos);
  }
}

TEST(ReportCli, RefusesSessionsOfAnotherPatient) {
  const std::string d = freshTempDir("report-patients");
  writeDlpfcPlan(d + "/plan.json", "cafe01");
  for (const char* who : {"anna", "bert"}) {
    const auto r =
        runTmsnav({"track", "--simulate", "--plan", d + "/plan.json", "--seconds", "4", "--speed",
                   "20", "--patient-id", who, "--out", d + "/" + who + ".jsonl"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  const auto r = runTmsnav({"report", d + "/anna.jsonl", d + "/bert.jsonl", "--out", d + "/rep"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("one patient"), std::string::npos) << r.err;
  // A plan of another MRI is refused too.
  writeDlpfcPlan(d + "/other.json", "beef02");
  const auto other =
      runTmsnav({"report", d + "/anna.jsonl", "--plan", d + "/other.json", "--out", d + "/rep"});
  EXPECT_EQ(other.exit_code, 2);
  EXPECT_NE(other.err.find("another MRI"), std::string::npos) << other.err;
  // Replaying a session against a plan of another MRI would guide another patient.
  const auto replay = runTmsnav({"track", "--replay", d + "/anna.jsonl", "--plan",
                                 d + "/other.json", "--speed", "0", "--out", d + "/replay.jsonl"});
  EXPECT_EQ(replay.exit_code, 2);
  EXPECT_NE(replay.err.find("another MRI"), std::string::npos) << replay.err;
  // A torn last line (a session killed mid-write) is dropped with a warning; garbage
  // inside a journal is refused with its line number.
  writeFile(d + "/torn.jsonl", readFile(d + "/anna.jsonl") + "{\"t_s\":3.9,\"sta");
  const auto torn = runTmsnav({"report", d + "/torn.jsonl", "--out", d + "/rep", "--json"});
  EXPECT_EQ(torn.exit_code, 0) << torn.err;
  EXPECT_NE(torn.json()["warnings"].dump().find("torn"), std::string::npos);
  writeFile(d + "/bad.jsonl",
            "{\"type\":\"header\",\"format\":\"tmsnav-session-1\"}\nnot json\n{}\n");
  const auto bad = runTmsnav({"report", d + "/bad.jsonl", "--out", d + "/rep"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find(":2:"), std::string::npos) << bad.err;
  writeFile(d + "/typed.jsonl",
            "{\"t_s\":1,\"state\":\"on_target\",\"type\":\"pulse\",\"tracked\":\"yes\"}\n");
  const auto typed = runTmsnav({"report", d + "/typed.jsonl", "--out", d + "/rep"});
  EXPECT_EQ(typed.exit_code, 2) << typed.err;
  writeFile(
      d + "/typed.mrk.json",
      R"({"@schema":"markups-schema-v1.0.3","markups":[{"controlPoints":[{"label":5,"position":[1,2,3]}]}]})");
  const auto slicer = runTmsnav({"import", d + "/typed.mrk.json"});
  EXPECT_EQ(slicer.exit_code, 2) << slicer.err;
}

// A simulated session's pulses and its plan's target through every format and back, as
// the command line gives them (RAS mm, tmsnav coil axes).
TEST(ExchangeCli, ExportedSessionsAndPlansReadBackWhereTheyWere) {
  constexpr double kMm = 0.01, kRotation = 1e-4;  // 1e-4 of a unit axis: 0.006 degrees
  const std::string d = freshTempDir("exchange-cli");
  writeDlpfcPlan(d + "/plan.json", "cafe01");
  const std::string journal = d + "/s.jsonl";
  ASSERT_EQ(runTmsnav({"track", "--simulate", "--plan", d + "/plan.json", "--seconds", "20",
                       "--speed", "5", "--pulse-train", "10hz:1s:4s", "--out", journal})
                .exit_code,
            0);
  std::vector<nlohmann::json> pulses;  // what the journal says
  std::istringstream lines(readFile(journal));
  for (std::string line; std::getline(lines, line);)
    if (auto j = nlohmann::json::parse(line); j.value("type", "") == "pulse") pulses.push_back(j);
  ASSERT_GT(pulses.size(), 5u);
  const auto close = [&](const nlohmann::json& a, const nlohmann::json& b) {
    for (int r = 0; r < 3; ++r)
      for (int c = 0; c < 4; ++c)
        if (std::abs(a[r][c].get<double>() - b[r][c].get<double>()) > (c == 3 ? kMm : kRotation))
          return false;
    return true;
  };
  for (const char* format : {"brainsight", "localite-triggers", "csv"}) {
    const std::string out = d + "/s." + format;
    const auto w = runTmsnav({"export", journal, "--format", format, "--out", out, "--json"});
    ASSERT_EQ(w.exit_code, 0) << w.err;
    const auto r = runTmsnav({"import", out, "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto j = r.json();
    ASSERT_EQ(j["pulses"].size(), pulses.size()) << format;
    for (size_t i = 0; i < pulses.size(); ++i)
      EXPECT_TRUE(close(j["pulses"][i]["coil_to_mri_ras"], pulses[i]["coil_to_mri_ras"]))
          << format << " pulse " << i;
  }
  const auto plan = nlohmann::json::parse(readFile(d + "/plan.json"));
  for (const char* format : {"brainsight", "localite-instruments", "slicer", "csv"}) {
    const std::string out = d + "/plan." + format;
    ASSERT_EQ(runTmsnav({"export", "--plan", d + "/plan.json", "--format", format, "--out", out})
                  .exit_code,
              0);
    const auto j = runTmsnav({"import", out, "--json"}).json();
    ASSERT_EQ(j["targets"].size(), 1u) << format;
    EXPECT_EQ(j["targets"][0]["name"], "t");
    EXPECT_TRUE(close(j["targets"][0]["coil_to_mri_ras"], plan["targets"][0]["coil_to_mri_ras"]))
        << format;
  }
  // Bad input: one line, exit 2.
  const auto bad = runTmsnav({"import", d + "/plan.json"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_EQ(bad.err.rfind("error: ", 0), 0u) << bad.err;
}

// Pain protocols use M1 as well as the DLPFC: a grid around the first target, the dose at
// each target adjusted for its depth against M1's.
TEST(DoseCli, GridAroundATargetAndTheDepthAdjustedDoseOnColin27) {
  const std::string d = freshTempDir("dose-grid");
  const auto plan =
      runTmsnav({"plan", ch2(), "--target", "mni:-38,44,26", "--target", "mni:-37,-21,58", "--grid",
                 "3x3:10", "--out", d + "/plan.json", "--json"});
  ASSERT_EQ(plan.exit_code, 0) << plan.err;
  const auto targets = plan.json()["targets"];
  ASSERT_EQ(targets.size(), 11u);  // two targets and nine grid sites around the first
  EXPECT_EQ(targets[6]["name"], "mni:-38,44,26 r2c2");
  const auto entry = [&](size_t i) { return vec(targets[i]["entry_ras_mm"]); };
  EXPECT_LT((entry(6) - entry(0)).norm(), 2.0);          // the grid's centre is the target
  EXPECT_NEAR((entry(7) - entry(6)).norm(), 10.0, 2.0);  // 10 mm apart along a curved scalp
  const auto dose = runTmsnav({"dose", "--plan", d + "/plan.json", "--motor-threshold", "45",
                               "--m1", "mni:-37,-21,58", "--json"});
  ASSERT_EQ(dose.exit_code, 0) << dose.err;
  const auto j = dose.json();
  ASSERT_EQ(j["targets"].size(), 11u);
  EXPECT_NEAR(j["targets"][1]["dose_pct_mso"].get<double>(), 45.0, 1e-9);  // M1 itself
  const double depth0 = j["targets"][0]["scalp_to_cortex_mm"].get<double>();
  const double m1 = j["m1_scalp_to_cortex_mm"].get<double>();
  EXPECT_NEAR(j["targets"][0]["dose_pct_mso"].get<double>(), 45.0 + 3.0 * (depth0 - m1), 1e-9);
  const auto high = runTmsnav({"dose", "--plan", d + "/plan.json", "--motor-threshold", "95",
                               "--m1", "mni:-37,-21,58", "--percent-of-mt", "120", "--json"});
  EXPECT_EQ(high.exit_code, 0);
  EXPECT_TRUE(high.json()["targets"][1]["dose_pct_mso"].is_null());
  EXPECT_NE(high.json()["targets"][1]["refused"].get<std::string>().find("above"),
            std::string::npos);
  EXPECT_NE(high.err.find("warning: "), std::string::npos);
  EXPECT_EQ(
      runTmsnav({"dose", "--plan", d + "/plan.json", "--motor-threshold", "45", "--m1", "nope"})
          .exit_code,
      2);
  // The plan's MNI registration carries a Localite session run on an MNI template onto this
  // patient (`import --plan`), as its mni: targets were: the same MNI point lands where the
  // plan put it.
  const auto imported =
      runTmsnav({"import", testData("nav/localite_session/InstrumentMarker20240905164557597.xml"),
                 "--plan", d + "/plan.json", "--json"});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_EQ(imported.json()["space"], "world");
  EXPECT_NE(imported.json()["placement"].dump().find("MNI registration"), std::string::npos);
}

TEST(ReportCli, MepsFromACsvGiveAHotspotAndItsMap) {
  const std::string d = freshTempDir("report-meps");
  writeDlpfcPlan(d + "/plan.json", "cafe01");
  ASSERT_EQ(runTmsnav({"track", "--simulate", "--plan", d + "/plan.json", "--seconds", "12",
                       "--speed", "5", "--pulse-train", "10hz:1s:4s", "--out", d + "/s.jsonl"})
                .exit_code,
            0);
  writeFile(d + "/meps.csv", "pulse,mep_uv\n1,100\n2,300\n3,50\n");
  const auto r = runTmsnav(
      {"report", d + "/s.jsonl", "--meps", d + "/meps.csv", "--out", d + "/rep", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto hotspot = r.json()["course"]["hotspot"];
  EXPECT_EQ(hotspot["pulses"], 3);
  EXPECT_EQ(hotspot["five_cm_rule_target"].get<std::string>().rfind("5cm-rule:", 0), 0u);
  EXPECT_TRUE(std::filesystem::exists(d + "/rep/mep_map.png"));
  writeFile(d + "/bad.csv", "pulse,mep_uv\n999,100\n");
  EXPECT_EQ(runTmsnav({"report", d + "/s.jsonl", "--meps", d + "/bad.csv", "--out", d + "/rep"})
                .exit_code,
            2);
}
