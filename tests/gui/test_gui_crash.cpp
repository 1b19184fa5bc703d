// Issue 28, crash safety in the app: the study (autosaved after every change) and the
// patient registration, the app killed with SIGKILL at each step of writing them (a test
// hook in core/atomic_file.cpp, TMSNAV_TEST_KILL_AT, makes the process kill itself there:
// half the text written, all of it, fsynced, renamed). After every kill the file under its
// final name is the one saved before (or, once renamed, the new one), complete; a restarted
// app opens it; the unfinished temporary, even under a final name, is refused.
#include <gtest/gtest.h>

#include <filesystem>

#include "tests/gui/gui_test_support.h"

namespace tmsnav::test {
namespace {
namespace fs = std::filesystem;

const std::vector<std::string> kWriteSteps = {"half", "written", "synced", "renamed"};
constexpr int kKilledBySigkill = 128 + 9;
constexpr double kSameFreMm = 1e-9;  // a registration's FRE read back from its file

// Saves the study (0 targets), sets a target (the autosave: the study's 2nd write), saves
// a registration (seed 2), registers again (seed 3) and saves over it (its 2nd write). What
// the app reported between the steps is in first.json and second.json.
void writeScript(const std::string& d) {
  writeFile(d + "/drive.script",
            "wait_ready 500\nsave_study " + d + "/study.json\nset_target mni:-38,44,26\n" +
                "register_simulated 2\nwait_registration 300\nsave_registration " + d +
                "/registration.json\nwrite_state " + d + "/first.json\n" +
                "register_simulated 3\nwait_registration 300\nwrite_state " + d +
                "/second.json\nsave_registration " + d + "/registration.json\nwrite_state " + d +
                "/saved.json\nquit\n");
}

CommandResult runKilled(const std::string& d, const std::string& kill_at) {
  writeScript(d);
  return runTmsnav({"--xvfb", "--session-dir", d + "/sessions", "--script", d + "/drive.script"},
                   kAppRunBoundS, "TMSNAV_TEST_KILL_AT=" + kill_at);
}

nlohmann::json jsonFile(const std::string& path) {
  return nlohmann::json::parse(readFile(path), nullptr, false);
}

// The unfinished temporaries a kill left ("." siblings), as files a user could open.
std::vector<std::string> temporaries(const std::string& d) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(d))
    if (e.path().filename().string()[0] == '.' && e.is_regular_file())
      out.push_back(e.path().string());
  return out;
}

// A new app on `study`, then `extra` script lines; its state at the end.
nlohmann::json reopen(const std::string& d, const std::string& study, const std::string& extra,
                      CommandResult* result = nullptr) {
  writeFile(d + "/again.script",
            "wait_ready 500\n" + extra + "sleep 0.5\nwrite_state " + d + "/again.json\nquit\n");
  const auto r = runTmsnav({"--xvfb", "--session-dir", d + "/sessions", "--study", study,
                            "--script", d + "/again.script"},
                           kAppRunBoundS);
  if (result) *result = r;
  return r.exit_code == 0 ? jsonFile(d + "/again.json") : nlohmann::json();
}

// One test per write step, so that each stays within ctest's time bound.
class GuiCrash : public testing::TestWithParam<std::string> {};

TEST_P(GuiCrash, StudyKilledAtThisWriteStepKeepsTheSavedStudy) {
  const std::string step = GetParam();
  const std::string d = freshTempDir("gui-crash-study-" + step);
  const auto r = runKilled(d, "study.json:2:" + step);
  ASSERT_EQ(r.exit_code, kKilledBySigkill) << step << ": not killed by the hook: " << r.err;
  const auto study = jsonFile(d + "/study.json");
  ASSERT_TRUE(study.is_object()) << step << ": the saved study is not whole";
  // Before the rename the study saved first (no target) is whole; from it on, the new one.
  EXPECT_EQ(study["targets"].size(), step == "renamed" ? 1u : 0u) << step;
  if (step != "half") return;
  // A restarted app opens the study as saved; the torn temporary is refused with a reason.
  CommandResult run;
  const auto again = reopen(d, d + "/study.json", "", &run);
  ASSERT_TRUE(again.is_object()) << "the killed study did not reopen: " << run.err;
  EXPECT_EQ(again["workflow"], "ready");
  EXPECT_EQ(again["targets"].size(), 0u);
  const auto torn = temporaries(d);
  ASSERT_EQ(torn.size(), 1u) << "the half-written kill left no temporary";
  EXPECT_TRUE(jsonFile(torn[0]).is_discarded()) << "the temporary is not torn: " << torn[0];
  fs::copy_file(torn[0], d + "/torn.json");
  CommandResult refused;
  reopen(d, d + "/torn.json", "", &refused);
  EXPECT_EQ(refused.exit_code, 2) << refused.err;
  EXPECT_NE(refused.err.find("error: "), std::string::npos) << refused.err;
}

TEST_P(GuiCrash, RegistrationKilledAtThisWriteStepKeepsTheSavedRegistration) {
  const std::string step = GetParam();
  const std::string d = freshTempDir("gui-crash-registration-" + step);
  const auto r = runKilled(d, "registration.json:2:" + step);
  ASSERT_EQ(r.exit_code, kKilledBySigkill) << step << ": not killed by the hook: " << r.err;
  const double first = jsonFile(d + "/first.json")["registration"]["fre_mm"].get<double>();
  const double second = jsonFile(d + "/second.json")["registration"]["fre_mm"].get<double>();
  ASSERT_GT(std::abs(first - second), kSameFreMm) << "seeds 2 and 3 gave the same FRE";
  const auto reg = jsonFile(d + "/registration.json");
  ASSERT_TRUE(reg.is_object()) << step << ": the saved registration is not whole";
  EXPECT_NEAR(reg["fre_mm"].get<double>(), step == "renamed" ? second : first, kSameFreMm) << step;
  if (step != "half") return;
  // A restarted app loads the registration saved first; the torn temporary fails to load.
  CommandResult run;
  const auto again =
      reopen(d, d + "/study.json",
             "load_registration " + d + "/registration.json\nwait_registration 300\n", &run);
  ASSERT_TRUE(again.is_object()) << "the killed registration did not reload: " << run.err;
  EXPECT_NEAR(again["registration"]["fre_mm"].get<double>(), first, kSameFreMm);
  const auto torn = temporaries(d);
  ASSERT_EQ(torn.size(), 1u) << "the half-written kill left no temporary";
  fs::copy_file(torn[0], d + "/torn.json");
  // wait_registration stops the script with the load's error (exit 1), not a time-out.
  reopen(d, d + "/study.json", "load_registration " + d + "/torn.json\nwait_registration 300\n",
         &run);
  EXPECT_EQ(run.exit_code, 1) << run.err;
  EXPECT_NE(run.err.find("wait_registration"), std::string::npos) << run.err;
  EXPECT_EQ(run.err.find("timed out"), std::string::npos) << run.err;
}

INSTANTIATE_TEST_SUITE_P(WriteSteps, GuiCrash, testing::ValuesIn(kWriteSteps));

}  // namespace
}  // namespace tmsnav::test
