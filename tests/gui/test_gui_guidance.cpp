// GUI tests of issues 14 and 15: the technician view, the study, a silent tracker under a
// frozen 3-D view, pulses that survive kill -9.
#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <thread>

#include <sys/wait.h>
#include <unistd.h>

#include "tests/gui/gui_test_support.h"
#include "tests/support/test_support.h"

using namespace tmsnav::test;

namespace tmsnav {
namespace {

// Issue 14: plan, guide in the technician's view, save the study; undo and redo a target
// edit; quit; reopen the study in a new app: the same targets, active target, landmarks.
TEST(Gui, TechnicianViewStudyUndoRedoAndReopen) {
  const std::string d = freshTempDir("gui-study");
  const std::string study = d + "/course.tmsnav-study.json";
  writeFile(d + "/drive.script",
            "wait_ready 500\nset_target mni:-38,44,26\nset_landmark nasion 0 86 -2\n"
            "set_target 10-20:F3\nwrite_state " +
                d +
                "/two.json\n"
                "undo\nwrite_state " +
                d +
                "/undone.json\n"
                "redo\nwrite_state " +
                d +
                "/redone.json\n"
                "select_target 1\nsave_study " +
                study +
                "\n"
                "start_simulation\nwait_state on_target 60\ntechnician_view 1\nsleep 1\n"
                "screenshot " +
                d + "/technician_view.png\nwrite_state " + d +
                "/on_target.json\n"
                "stop_tracking\nwrite_state " +
                d + "/saved.json\nquit\n");
  const auto r = runApp(d);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto state = [&](const std::string& name) {
    return nlohmann::json::parse(readFile(d + "/" + name + ".json"));
  };
  EXPECT_EQ(state("two")["targets"].size(), 2u);
  EXPECT_EQ(state("undone")["targets"].size(), 1u);  // setting a target is one undo step
  EXPECT_EQ(state("undone")["study"]["redo_steps"], 1);
  EXPECT_EQ(state("redone")["targets"].size(), 2u);
  const auto on = state("on_target");
  EXPECT_EQ(on["technician"]["headline"], "ON TARGET");
  EXPECT_EQ(on["view"]["layout"], "technician");
  EXPECT_GT(on["technician"]["on_target_for_s"].get<double>(), 0.0);  // it counts how long
  const Png shot = readPng(d + "/technician_view.png");
  ASSERT_TRUE(shot.ok());
  // Full window: the green banner across the top, a tenth of the height or more.
  EXPECT_GT(shot.fractionNear(20, 20, shot.width - 20, 100, kOnTargetGreen, kColourTol), 0.5);

  // A new app, the study only: the MRI, the targets, the active one and the landmarks.
  const auto saved = state("saved");
  writeFile(d + "/drive.script",
            "wait_ready 500\nsleep 0.5\nwrite_state " + d + "/reopened.json\nquit\n");
  const auto again = runTmsnav({"--xvfb", "--session-dir", d + "/sessions", "--study", study,
                                "--script", d + "/drive.script"},
                               180);
  ASSERT_EQ(again.exit_code, 0) << again.err;
  const auto reopened = state("reopened");
  // The same targets (rotations are re-orthonormalised when read: equal to 1e-12).
  constexpr double kSameMm = 1e-6;
  ASSERT_EQ(reopened["targets"].size(), saved["targets"].size());
  for (size_t i = 0; i < saved["targets"].size(); ++i) {
    const auto &a = saved["targets"][i], &b = reopened["targets"][i];
    EXPECT_EQ(a["name"], b["name"]);
    EXPECT_LT((vec(a["target_ras_mm"]) - vec(b["target_ras_mm"])).norm(), kSameMm);
    EXPECT_LT((vec(a["entry_ras_mm"]) - vec(b["entry_ras_mm"])).norm(), kSameMm);
  }
  EXPECT_EQ(reopened["active_target"], 0);
  EXPECT_EQ(reopened["landmarks_ras_mm"], saved["landmarks_ras_mm"]);
  EXPECT_EQ(reopened["study"]["path"], study);

  // The same study against a changed MRI is refused with the reason.
  auto j = nlohmann::json::parse(readFile(study));
  j["mri_sha256"] = std::string(64, '0');
  writeFile(d + "/changed.json", j.dump());
  const auto refused = runTmsnav({"--xvfb", "--study", d + "/changed.json"}, 60);
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find("MRI changed"), std::string::npos) << refused.err;
}

// Issue 14: the tracker goes silent mid-navigation while the 3-D view's thread is frozen;
// the technician's view keeps drawing and shows NOT TRACKING with the reason.
TEST(Gui, SilentTrackerShowsNotTrackingEvenWhileTheSceneIsFrozen) {
  const std::string d = freshTempDir("gui-silent");
  writeFile(d + "/drive.script",
            "wait_ready 500\nset_target mni:-38,44,26\nstart_simulation\n"
            "wait_state on_target 60\nfreeze_scene 8\nsleep 0.3\nwrite_state " +
                d + "/frozen.json\nsilence_tracker\nwait_state not_tracking 5\nwrite_state " + d +
                "/silent.json\nscreenshot " + d + "/silent.png\nquit\n");
  const auto r = runApp(d);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto frozen = nlohmann::json::parse(readFile(d + "/frozen.json"));
  const auto silent = nlohmann::json::parse(readFile(d + "/silent.json"));
  ASSERT_TRUE(frozen["view"]["scene_frozen"].get<bool>());
  EXPECT_TRUE(silent["view"]["scene_frozen"].get<bool>());  // still frozen: not waited for
  EXPECT_EQ(silent["view"]["scene_frames"], frozen["view"]["scene_frames"]);
  EXPECT_GT(silent["view"]["ui_frames"].get<int>(), frozen["view"]["ui_frames"].get<int>());
  EXPECT_EQ(silent["guidance"]["state"], "not_tracking");
  EXPECT_EQ(silent["technician"]["headline"], "NOT TRACKING");
  EXPECT_FALSE(silent["technician"]["has_coil"].get<bool>());
  EXPECT_NE(silent["technician"]["reason"].get<std::string>().find("stale"), std::string::npos)
      << silent["technician"]["reason"];
  // The first frame past the maximum age: the pose shown is older than it, not newer.
  EXPECT_GT(silent["tracker"]["sample_age_s"].get<double>(),
            silent["tracker"]["max_age_s"].get<double>());
  const Png shot = readPng(d + "/silent.png");
  ASSERT_TRUE(shot.ok());
  EXPECT_GT(shot.fractionNear(kViewLeft + 20, kAimBannerBottom + 40, kAimRight - 20,
                              shot.height - 60, kHatchGrey, kColourTol),
            0.4);
}

}  // namespace
}  // namespace tmsnav

namespace tmsnav {
namespace {

// Issue 15: a session killed with SIGKILL keeps every pulse reported before the kill.
TEST(Gui, PulsesSurviveKillMinus9) {
  constexpr int kPulses = 5;
  constexpr double kHangBoundS = 180.0;
  const std::string d = freshTempDir("gui-kill");
  std::string script =
      "wait_ready 500\nset_target mni:-38,44,26\nstart_simulation\n"
      "wait_state on_target 60\n";
  for (int i = 0; i < kPulses; ++i) script += "pulse\nsleep 0.1\n";
  script += "write_state " + d + "/pulsed.json\nsleep 600\nquit\n";
  writeFile(d + "/drive.script", script);
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    ::setpgid(0, 0);  // its own group: the private Xvfb dies with it
    const std::string sessions = d + "/sessions", script_path = d + "/drive.script";
    ::execl(TMSNAV_BINARY, TMSNAV_BINARY, "--xvfb", "--session-dir", sessions.c_str(), "--script",
            script_path.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::setpgid(pid, pid);
  const auto give_up =
      std::chrono::steady_clock::now() + std::chrono::duration<double>(kHangBoundS);
  while (!std::filesystem::exists(d + "/pulsed.json") && std::chrono::steady_clock::now() < give_up)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  ::kill(-pid, SIGKILL);
  int status = 0;
  ::waitpid(pid, &status, 0);
  ASSERT_TRUE(std::filesystem::exists(d + "/pulsed.json")) << "the app never pulsed";
  const auto state = nlohmann::json::parse(readFile(d + "/pulsed.json"));
  EXPECT_EQ(state["tracker"]["pulses"], kPulses);
  const std::string log = readFile(state["tracker"]["session_log"].get<std::string>());
  size_t pulses = 0;
  for (size_t at = log.find("\"type\":\"pulse\""); at != std::string::npos;
       at = log.find("\"type\":\"pulse\"", at + 1))
    ++pulses;
  EXPECT_EQ(pulses, static_cast<size_t>(kPulses));
  EXPECT_NE(log.find("\"tracked\":true"), std::string::npos);
  // The killed session reopens: the report reads every pulse reported before the kill.
  const auto report = runTmsnav({"report", state["tracker"]["session_log"].get<std::string>(),
                                 "--out", d + "/report", "--json"});
  ASSERT_EQ(report.exit_code, 0) << report.err;
  EXPECT_EQ(report.json()["sessions"][0]["pulses"], kPulses);
}

// Issue 15 in the app: two sessions with pulses and a note, the course report over them,
// and the dose at the DLPFC adjusted for its depth against M1's.
TEST(Gui, CourseReportAndDoseForTheOpenPatient) {
  constexpr double kDoseTolPct = 1e-6;
  const std::string d = freshTempDir("gui-course");
  std::string script =
      "wait_ready 500\nset_target mni:-37,-21,58\nset_target mni:-38,44,26\nset_dose 45 0 120\n";
  for (int session = 0; session < 2; ++session) {
    script += "start_simulation\nwait_state on_target 60\nnote patient comfortable, MT 45\n";
    for (int i = 0; i < 3; ++i) script += "pulse\nsleep 0.1\n";
    script += "stop_tracking\nwait_state not_tracking 10\n";
  }
  script += "course_report\nwait_course 60\nsave_course\nwrite_state " + d + "/state.json\nquit\n";
  writeFile(d + "/drive.script", script);
  const auto r = runApp(d);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto state = nlohmann::json::parse(readFile(d + "/state.json"));
  EXPECT_EQ(state["course"]["status"], "ready") << state["course"].dump();
  EXPECT_EQ(state["course"]["sessions"], 2);
  EXPECT_TRUE(state["course"]["course"]["spread_rms_mm"].is_number());
  ASSERT_EQ(state["dose"].size(), 2u);
  EXPECT_NEAR(state["dose"][0]["dose_pct_mso"].get<double>(), 54.0,
              kDoseTolPct);  // M1: 120 % of 45
  EXPECT_TRUE(state["dose"][1]["dose_pct_mso"].is_number()) << state["dose"].dump();
  // Each journal says whose it is and keeps the note.
  const std::string log = readFile(state["tracker"]["session_log"].get<std::string>());
  EXPECT_EQ(log.rfind("{\"type\":\"header\"", 0), 0u);
  EXPECT_NE(log.find("\"patient_id\":\"ch2\""), std::string::npos);
  EXPECT_NE(log.find("\"motor_threshold_pct_mso\":45.0"), std::string::npos);
  EXPECT_NE(log.find("patient comfortable, MT 45"), std::string::npos);
  bool saved = false;
  for (const auto& e : std::filesystem::directory_iterator(d + "/sessions"))
    saved |= e.path().filename().string().rfind("report-", 0) == 0 &&
             std::filesystem::exists(e.path() / "summary.json");
  EXPECT_TRUE(saved);
}

}  // namespace
}  // namespace tmsnav
