// track and serve-igtl through the real binary on the real recordings.
#include <gtest/gtest.h>

#include <unistd.h>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "tests/support/test_support.h"

using namespace tmsnav::test;

namespace {
int countLines(const std::string& text) {
  int n = 0;
  for (char c : text) n += c == '\n';
  return n;
}

// Starts serve-igtl in the background; returns its port (0 on failure). The server is killed
// with `server` if the test ends early.
int startServer(Background& server) {
  const std::string text = server.readLine();
  const auto colon = text.rfind(':');
  return colon == std::string::npos ? 0 : std::atoi(text.c_str() + colon + 1);
}

std::string serveCommand(const std::string& file, const std::string& extra = "") {
  return "exec " + tmsnavBinary() + " serve-igtl '" + file + "' --port 0 --speed 0 --json " + extra;
}
}  // namespace

TEST(TrackCli, ReplayCountsValidAndInvalidFramesAndLogsEveryOne) {
  const std::string d = freshTempDir("track-replay");
  const auto r =
      runTmsnav({"track", "--replay", testData("tracking/TransformInterpolationTest.igs.mha"),
                 "--speed", "0", "--seconds", "30", "--out", d + "/s.jsonl", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = r.json();
  EXPECT_EQ(j["samples"], 500);
  EXPECT_EQ(j["valid"], 499);
  EXPECT_EQ(j["invalid"], 1);
  EXPECT_EQ(j["rejected"], 0);
  EXPECT_EQ(countLines(readFile(d + "/s.jsonl")), 501);  // the header, then every frame
  std::istringstream lines(readFile(d + "/s.jsonl"));
  std::string header_line, first_line;
  std::getline(lines, header_line);
  std::getline(lines, first_line);
  const auto header = nlohmann::json::parse(header_line);
  EXPECT_EQ(header["type"], "header");
  EXPECT_EQ(header["format"], "tmsnav-session-1");
  EXPECT_EQ(header["registration"]["method"], "none");
  const auto first = nlohmann::json::parse(first_line);
  EXPECT_TRUE(
      first["tools"].contains("HeadRef"));    // ReferenceToTracker mapped to the head reference
  EXPECT_EQ(first["state"], "not_tracking");  // no plan: no guidance claimed
}

TEST(TrackCli, ServeIgtlToTrackOverLoopbackLosesNothing) {
  const std::string d = freshTempDir("track-igtl");
  Background server(
      serveCommand(testData("tracking/EightLandmarkPointsTrackedForPhantomRegistration.igs.mha")));
  const int port = startServer(server);
  ASSERT_GT(port, 0);
  const auto r = runTmsnav({"track", "--igtl", "127.0.0.1:" + std::to_string(port), "--seconds",
                            "3", "--out", d + "/s.jsonl", "--json"});
  const std::string served = server.finish();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = r.json();
  EXPECT_EQ(j["samples"], 2000);
  EXPECT_EQ(j["rejected"], 0);
  EXPECT_EQ(j["flagged_timestamps"], 0);
  EXPECT_GE(j["stale_periods"].get<int>(), 1);  // the recording ends: the poses go stale
  EXPECT_NE(served.find("\"transforms\":2000"), std::string::npos) << served;
}

TEST(TrackCli, SimulatedCoilReachesOnTargetInRealTime) {
  const std::string d = freshTempDir("track-sim");
  writeDlpfcPlan(d + "/plan.json");
  const auto r = runTmsnav({"track", "--simulate", "--plan", d + "/plan.json", "--seconds", "8",
                            "--out", d + "/s.jsonl", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_GT(r.json()["on_target_updates"].get<int>(), 0);
  EXPECT_NE(readFile(d + "/s.jsonl").find("\"state\":\"not_tracking\""),
            std::string::npos);  // the occlusion
}

TEST(TrackCli, BadArgumentsAreRefused) {
  const std::string d = freshTempDir("track-bad");
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"track", "--out", d + "/s.jsonl"},
           {"track", "--igtl", "nohostport", "--out", d + "/s.jsonl"},
           {"track", "--igtl", "127.0.0.1:99999", "--out", d + "/s.jsonl"},
           {"track", "--simulate", "--out", d + "/s.jsonl"},
           {"track", "--replay", d + "/missing.igs.mha", "--out", d + "/s.jsonl"},
           {"serve-igtl", testData("mri/seg3d/t1.nii.gz"), "--port", "0"}}) {
    const auto r = runTmsnav(args, 30);
    EXPECT_EQ(r.exit_code, 2) << args[1] << ": " << r.err;
    EXPECT_EQ(r.err.rfind("error: ", 0), 0u) << r.err;
  }
}

TEST(TrackCli, ReplayingASessionLogReproducesItsErrors) {
  const std::string d = freshTempDir("track-own");
  writeDlpfcPlan(d + "/plan.json");
  ASSERT_EQ(
      runTmsnav({"simulate", "--plan", d + "/plan.json", "--out", d + "/sim.jsonl"}).exit_code, 0);
  const auto r = runTmsnav({"track", "--replay", d + "/sim.jsonl", "--speed", "0", "--plan",
                            d + "/plan.json", "--out", d + "/replayed.jsonl", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.json()["samples"], 501);
  EXPECT_EQ(r.json()["invalid"], 20);  // the simulated occlusion
  std::istringstream a(readFile(d + "/sim.jsonl")), b(readFile(d + "/replayed.jsonl"));
  std::string la, lb;
  std::getline(b, lb);  // the journal's header
  int compared = 0;
  while (std::getline(a, la) && std::getline(b, lb)) {
    const auto ja = nlohmann::json::parse(la), jb = nlohmann::json::parse(lb);
    if (ja["position_error_mm"].is_null()) {
      EXPECT_TRUE(jb["position_error_mm"].is_null());
      continue;
    }
    EXPECT_NEAR(ja["position_error_mm"].get<double>(), jb["position_error_mm"].get<double>(),
                0.002);
    ++compared;
  }
  EXPECT_EQ(compared, 481);
  EXPECT_EQ(runTmsnav({"simulate", "--plan", d + "/plan.json", "--out", d + "/x.jsonl",
                       "--thresholds", "3,2,1,1,1,1,1"})
                .exit_code,
            2);
}

TEST(TrackCli, SessionLogSurvivesKillMinus9) {
  const std::string d = freshTempDir("track-kill");
  writeDlpfcPlan(d + "/plan.json");
  const std::string cmd = tmsnavBinary() + " track --simulate --plan " + d +
                          "/plan.json --seconds 60 --out " + d +
                          "/s.jsonl >/dev/null 2>&1 & echo $! > " + d + "/pid";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  sleep(3);
  const std::string pid = readFile(d + "/pid");
  ASSERT_FALSE(pid.empty());
  ASSERT_EQ(std::system(("kill -9 " + pid).c_str()), 0);
  sleep(1);
  std::istringstream lines(readFile(d + "/s.jsonl"));
  int n = 0;
  for (std::string line; std::getline(lines, line); ++n)
    EXPECT_FALSE(nlohmann::json::parse(line, nullptr, false).is_discarded())
        << "line " << n << ": " << line;
  EXPECT_GT(n, 50);  // ~2.5 s at 50 Hz made it to disk before the kill
}

// Issue 27: PLUS recordings by their real tool names; no on/off target without a
// registration.
namespace {
std::string phantomRecording() {
  return testData("tracking/EightLandmarkPointsTrackedForPhantomRegistration.igs.mha");
}
}  // namespace

TEST(TrackCli, AToolMappingTheRecordingLacksIsBadInput) {
  const std::string d = freshTempDir("track-tool");
  const auto r = runTmsnav({"track", "--replay", phantomRecording(), "--tool", "Coil=CoilMarker",
                            "--speed", "0", "--seconds", "30", "--out", d + "/s.jsonl"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_EQ(r.err.rfind("error: ", 0), 0u) << r.err;
  EXPECT_NE(r.err.find("it has Reference, Stylus"), std::string::npos) << r.err;
}

TEST(TrackCli, TheStylusFollowedAsTheCoilIsNeverJudgedWithoutARegistration) {
  const std::string d = freshTempDir("track-stylus");
  writeDlpfcPlan(d + "/plan.json");
  const auto r = runTmsnav({"track", "--replay", phantomRecording(), "--tool", "Stylus=CoilMarker",
                            "--plan", d + "/plan.json", "--speed", "0", "--seconds", "30", "--out",
                            d + "/s.jsonl", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = r.json();
  EXPECT_EQ(j["samples"], 1000);
  EXPECT_EQ(j["judged_on_target"], false);
  EXPECT_EQ(j["on_target_updates"], 0);
  const std::string journal = readFile(d + "/s.jsonl");
  EXPECT_EQ(journal.find("\"state\":\"off_target\""), std::string::npos);
  EXPECT_EQ(journal.find("\"state\":\"on_target\""), std::string::npos);
  EXPECT_NE(journal.find("not registered"), std::string::npos);
  EXPECT_NE(journal.find("\"CoilMarker\""), std::string::npos) << "the stylus is the coil";
  // Declared to be in image space: judged, and said so.
  const auto declared =
      runTmsnav({"track", "--replay", phantomRecording(), "--tool", "Stylus=CoilMarker",
                 "--in-image-space", "--plan", d + "/plan.json", "--speed", "0", "--seconds", "30",
                 "--out", d + "/declared.jsonl", "--json"});
  ASSERT_EQ(declared.exit_code, 0) << declared.err;
  EXPECT_EQ(declared.json()["judged_on_target"], true);
  EXPECT_NE(declared.json()["judgment"].get<std::string>().find("image space"), std::string::npos);
  EXPECT_NE(readFile(d + "/declared.jsonl").find("\"state\":\"off_target\""), std::string::npos);
}

TEST(TrackCli, PlusNrrdSequenceReplays) {
  const std::string d = freshTempDir("track-nrrd");
  const auto r = runTmsnav({"track", "--replay", testData("tracking/NwirePhantomFreehand.igs.nrrd"),
                            "--speed", "0", "--seconds", "30", "--out", d + "/s.jsonl", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.json()["samples"], 97);
  EXPECT_EQ(r.json()["invalid"], 97) << "the stylus is INVALID in every frame";
}

TEST(ImportCli, RealBrainsightAndLocaliteExportsImport) {
  const auto b = runTmsnav({"import", testData("nav/brainsight_pynetstim.txt"), "--json"}, 120);
  ASSERT_EQ(b.exit_code, 0) << b.err;
  const auto jb = b.json();
  EXPECT_EQ(jb["targets"].size(), 36u);
  EXPECT_EQ(jb["pulses"].size(), 11014u);
  EXPECT_EQ(jb["pointer_samples"], 4);
  EXPECT_EQ(jb["space"], "scanner");
  EXPECT_EQ(jb["coils"].size(), 2u);
  EXPECT_EQ(jb["pulses"][0]["coil"], "Snazzy Coil");
  const auto l = runTmsnav({"import", testData("nav/localite_session"), "--json"}, 120);
  ASSERT_EQ(l.exit_code, 0) << l.err;
  const auto jl = l.json();
  EXPECT_EQ(jl["space"], "MNI");
  EXPECT_EQ(jl["targets"].size(), 7u);
  EXPECT_EQ(jl["pulses"].size(), 1022u);
  EXPECT_EQ(jl["placeholders_skipped"], 5);
  EXPECT_EQ(jl["pulses"][0]["file_time"], "2024-09-05T17:46:23.122");
  const auto text = runTmsnav({"import", testData("nav/brainsight_pynetstim.txt")}, 120);
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("scanner"), std::string::npos) << text.out;
}

// Colin27 is the MNI template itself: MNI poses carried onto it through its own MNI
// registration stay where they were (the registration is near the identity).
TEST(ImportCli, MniPosesCarriedOntoColin27StayInPlace) {
  constexpr double kNearIdentityMm = 2.0;
  const std::string marker = testData("nav/localite_session/InstrumentMarker20240905164557597.xml");
  const auto mni = runTmsnav({"import", marker, "--json"}, 120);
  ASSERT_EQ(mni.exit_code, 0) << mni.err;
  const auto placed = runTmsnav(
      {"import", marker, "--mri", "/usr/share/mricron/templates/ch2.nii.gz", "--json"}, 300);
  ASSERT_EQ(placed.exit_code, 0) << placed.err;
  EXPECT_EQ(mni.json()["space"], "MNI");
  EXPECT_EQ(placed.json()["space"], "world");
  const auto a = mni.json()["targets"][0]["coil_to_mri_ras"];
  const auto b = placed.json()["targets"][0]["coil_to_mri_ras"];
  double moved = 0;
  for (int i = 0; i < 3; ++i) moved += std::pow(a[i][3].get<double>() - b[i][3].get<double>(), 2);
  EXPECT_LT(std::sqrt(moved), kNearIdentityMm);
  // Scanner coordinates need the NIfTI file: a DICOM folder is refused with why.
  const auto dicom = runTmsnav({"import", testData("nav/brainsight_pynetstim.txt"), "--mri",
                                testData("dicom/siemens_t1_sag_hfs")},
                               120);
  EXPECT_EQ(dicom.exit_code, 2);
  EXPECT_NE(dicom.err.find("NIfTI"), std::string::npos) << dicom.err;
}
