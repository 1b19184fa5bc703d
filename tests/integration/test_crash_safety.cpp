// Issue 28, crash safety: the real CLI killed with SIGKILL at many points while it writes
// its outputs (segmentation masks and meshes, a course report, a session journal). After
// every kill, a file under its final name is complete (byte-identical to an uninterrupted
// run's, or fully readable where the content has a clock in it), a journal keeps every line
// written before the kill and its reader drops a torn last line instead of misreading it.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <sstream>
#include <thread>

#include "tests/support/test_support.h"

using namespace tmsnav::test;
namespace fs = std::filesystem;

namespace {
constexpr int kKillPoints = 8;         // kill points per command, spread over its run
constexpr double kHangBoundS = 900.0;  // an uninterrupted run longer than this is a hang

std::string shellWords(const std::vector<std::string>& args) {
  std::string cmd = "exec '" + tmsnavBinary() + "'";
  for (const auto& a : args) cmd += " '" + a + "'";
  return cmd + " >/dev/null 2>&1";
}

// Runs the command to its end; its wall time in seconds.
double timeRun(const std::vector<std::string>& args) {
  const auto t0 = std::chrono::steady_clock::now();
  const auto r = runTmsnav(args, static_cast<int>(kHangBoundS));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// Starts the command and kills its whole process group with SIGKILL after `after_s`.
void runAndKill(const std::vector<std::string>& args, double after_s) {
  Background run(shellWords(args));
  std::this_thread::sleep_for(std::chrono::duration<double>(after_s));
  run.stop();
}

// Starts the command, waits until `dir` exists (the command has started writing), then
// kills its process group with SIGKILL after `after_s` more.
void runAndKillAfter(const std::vector<std::string>& args, const std::string& dir, double after_s) {
  Background run(shellWords(args));
  const auto give_up =
      std::chrono::steady_clock::now() + std::chrono::duration<double>(kHangBoundS);
  while (!fs::exists(dir) && std::chrono::steady_clock::now() < give_up)
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  std::this_thread::sleep_for(std::chrono::duration<double>(after_s));
  run.stop();
}

// The kill points: `first` to `last` of the uninterrupted duration, evenly spread.
std::vector<double> killPoints(double duration_s, double first, double last) {
  std::vector<double> at;
  for (int k = 0; k < kKillPoints; ++k)
    at.push_back(duration_s * (first + (last - first) * k / (kKillPoints - 1)));
  return sanitizedSample(at, 3);  // a sanitizer build kills at 3 of them
}

// Final names only: ".name.tmpPID.ext" siblings are replaceAtomically's unfinished files.
std::map<std::string, std::string> finalFiles(const std::string& dir) {
  std::map<std::string, std::string> files;
  if (!fs::exists(dir)) return files;
  for (const auto& e : fs::directory_iterator(dir)) {
    const std::string name = e.path().filename().string();
    if (e.is_regular_file() && name[0] != '.') files[name] = readFile(e.path().string());
  }
  return files;
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}
}  // namespace

TEST(CrashSafety, SegmentKilledAnywhereLeavesOnlyCompleteOutputs) {
  const std::string d = freshTempDir("crash-segment");
  const std::string mri = testData("mri/seg3d/t1.nii.gz");
  auto args = [&](const std::string& out) {
    return std::vector<std::string>{"segment", mri, "--out", out, "--threads", "1"};
  };
  auto whole = args(d + "/reference");
  whole.push_back("--json");
  const auto r = runTmsnav(whole, static_cast<int>(kHangBoundS));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // The outputs are written once the folder exists: the kills are spread over that phase
  // (and a little past it, where everything must be complete).
  const double write_s = r.json()["seconds"]["write"].get<double>();
  const auto reference = finalFiles(d + "/reference");
  ASSERT_GE(reference.size(), 13u);  // 4 masks, 3 meshes in 3 formats
  int complete_seen = 0, kills = 0;
  for (double at : killPoints(write_s, 0.0, 1.3)) {
    const std::string out = d + "/killed-" + std::to_string(kills++);
    runAndKillAfter(args(out), out, at);
    for (const auto& [name, bytes] : finalFiles(out)) {
      ASSERT_TRUE(reference.count(name)) << name;
      EXPECT_TRUE(bytes == reference.at(name))
          << name << " is under its final name but not the complete file (killed " << at
          << " s into a " << write_s << " s write)";
      ++complete_seen;
    }
  }
  EXPECT_GT(complete_seen, 0) << "no kill fell in or after the writing";
  // After a restart the outputs are whole again, whatever the kill left.
  ASSERT_EQ(runTmsnav(args(d + "/killed-0"), static_cast<int>(kHangBoundS)).exit_code, 0);
  EXPECT_EQ(finalFiles(d + "/killed-0"), reference);
  std::cout << "segment: writing took " << write_s << " s; " << kills << " kills; " << complete_seen
            << " complete files seen after them\n";
}

TEST(CrashSafety, TrackJournalKilledAnywhereKeepsEveryWrittenLine) {
  const std::string d = freshTempDir("crash-track");
  writeDlpfcPlan(d + "/plan.json");
  auto args = [&](const std::string& out) {
    return std::vector<std::string>{
        "track",         "--simulate", "--plan",       d + "/plan.json",
        "--seconds",     "6",          "--seed",       "3",
        "--pulse-train", "10hz:1s:1s", "--thresholds", "25,30,5,7,10,12,1",
        "--out",         out};
  };
  const double duration = timeRun(args(d + "/whole.jsonl"));
  int kills = 0, replayed = 0;
  for (double at : killPoints(duration, 0.05, 0.95)) {
    const std::string journal = d + "/killed-" + std::to_string(kills++) + ".jsonl";
    runAndKill(args(journal), at);
    const std::string text = readFile(journal);
    const auto all = lines(text);
    const bool torn = !text.empty() && text.back() != '\n';
    const size_t complete = all.size() - (torn ? 1 : 0);
    for (size_t i = 0; i < complete; ++i)
      EXPECT_FALSE(nlohmann::json::parse(all[i], nullptr, false).is_discarded())
          << journal << ":" << i + 1 << " is a complete line but not a record";
    if (complete < 2) continue;  // killed before the first sample: nothing was claimed
    // The journal's own reader (replay) takes every complete record and no torn one.
    const auto replay = runTmsnav(
        {"track", "--replay", journal, "--speed", "0", "--out", journal + ".replayed", "--json"});
    ASSERT_EQ(replay.exit_code, 0) << journal << ": " << replay.err;
    size_t samples = 0;
    for (size_t i = 1; i < complete; ++i) samples += all[i].find("\"tools\"") != std::string::npos;
    EXPECT_EQ(replay.json()["samples"].get<size_t>(), samples) << journal;
    ++replayed;
  }
  EXPECT_GT(replayed, kills / 2) << "most kills should leave samples to replay";
  std::cout << "track: " << duration << " s uninterrupted; " << kills << " kills; " << replayed
            << " killed journals replayed\n";
}

TEST(CrashSafety, ReportKilledAnywhereLeavesOnlyReadableFiles) {
  const std::string d = freshTempDir("crash-report");
  writeDlpfcPlan(d + "/plan.json", "cafe01");
  const std::string journal = d + "/session.jsonl";
  ASSERT_EQ(runTmsnav({"track", "--simulate", "--plan", d + "/plan.json", "--seconds", "10",
                       "--speed", "5", "--seed", "1", "--pulse-train", "10hz:1s:1s", "--thresholds",
                       "25,30,5,7,10,12,1", "--out", journal})
                .exit_code,
            0);
  auto args = [&](const std::string& out) {
    return std::vector<std::string>{"report", journal, "--out", out};
  };
  const double duration = timeRun(args(d + "/reference"));
  const auto reference = finalFiles(d + "/reference");
  ASSERT_GE(reference.size(), 3u);  // summary.json, index.html, plots
  int kills = 0, files_seen = 0;
  for (double at : killPoints(duration, 0.3, 1.2)) {
    const std::string out = d + "/killed-" + std::to_string(kills++);
    runAndKill(args(out), at);
    for (const auto& [name, bytes] : finalFiles(out)) {
      ++files_seen;
      ASSERT_TRUE(reference.count(name)) << name;
      const std::string path = out + "/" + name;
      if (name.ends_with(".json"))
        EXPECT_FALSE(nlohmann::json::parse(bytes, nullptr, false).is_discarded()) << path;
      else if (name.ends_with(".png"))
        EXPECT_TRUE(readPng(path).ok()) << path;
      else if (name.ends_with(".html"))
        EXPECT_NE(bytes.find("</html>"), std::string::npos) << path;
      else
        ADD_FAILURE() << "unexpected output " << path;
    }
  }
  EXPECT_GT(files_seen, 0) << "no kill fell in or after the writing";
  std::cout << "report: " << duration << " s uninterrupted; " << kills << " kills; " << files_seen
            << " files seen after them\n";
}

namespace {
// The steps of one atomic write at which TMSNAV_TEST_KILL_AT (core/atomic_file.cpp) makes
// the writer SIGKILL itself: half the text in the temporary file, all of it, fsynced, renamed.
const std::vector<std::string> kWriteSteps = {"half", "written", "synced", "renamed"};
constexpr int kKilledBySigkill = 128 + 9;

// Hidden siblings: what replaceAtomically leaves when its writer is killed before the rename.
std::vector<std::string> temporaries(const std::string& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().filename().string()[0] == '.') out.push_back(e.path().string());
  return out;
}

// A registration's content without its "time" (each run stamps its own); a torn file is
// no JSON object and equals nothing.
nlohmann::json content(const std::string& text) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_object()) j.erase("time");
  return j;
}

// `track` reads a registration as the next session does; exit 0 when it takes it.
CommandResult trackWith(const std::string& plan, const std::string& registration,
                        const std::string& out) {
  return runTmsnav({"track", "--simulate", "--plan", plan, "--registration", registration,
                    "--seconds", "0.5", "--out", out, "--json"});
}
}  // namespace

// A registration `register` reports as saved survives a kill of the next `register` at any
// step of its write (a test hook: the process kills itself there) and at any moment of its
// run (a timer over its whole duration); a half-written one is never taken as complete.
TEST(CrashSafety, RegisterKilledAtEveryWriteStepKeepsTheSavedRegistration) {
  const std::string d = freshTempDir("crash-register");
  const std::string plan = d + "/plan.json", reg = d + "/registration.json";
  ASSERT_EQ(runTmsnav({"plan", ch2(), "--target", "mni:-38,44,26", "--out", plan}).exit_code, 0);
  auto args = [&](const std::string& seed) {
    return std::vector<std::string>{"register", "--simulate", "--mri", ch2(),   "--plan",
                                    plan,       "--seed",     seed,    "--out", reg};
  };
  ASSERT_EQ(runTmsnav(args("2")).exit_code, 0);  // exit 0: reported as saved
  const std::string saved = readFile(reg);
  ASSERT_EQ(runTmsnav(args("3")).exit_code, 0);
  const auto next = content(readFile(reg));
  ASSERT_NE(content(saved), next);  // another seed, another registration
  int torn_refused = 0;
  for (const auto& step : kWriteSteps) {
    writeFile(reg, saved);
    const auto r = runTmsnav(args("3"), 300, "TMSNAV_TEST_KILL_AT=registration.json:1:" + step);
    ASSERT_EQ(r.exit_code, kKilledBySigkill) << step << ": the hook did not kill " << r.err;
    // Before the rename the saved registration is whole; from it on, the new one is.
    const std::string now = readFile(reg);
    if (step == "renamed")
      EXPECT_EQ(content(now), next) << "killed at " << step;
    else
      EXPECT_EQ(now, saved) << "killed at " << step;
    const auto tracked = trackWith(plan, reg, d + "/" + step + ".jsonl");
    EXPECT_EQ(tracked.exit_code, 0) << step << ": " << tracked.err;
    // The unfinished temporary is never a registration: under a name a user could give
    // it, the reader refuses it (exit 2) rather than taking half a file as complete.
    for (const auto& tmp : temporaries(d)) {
      if (content(readFile(tmp)) == next) {  // all written, not yet renamed: complete
        fs::remove(tmp);
        continue;
      }
      fs::copy_file(tmp, d + "/torn.json", fs::copy_options::overwrite_existing);
      const auto torn = trackWith(plan, d + "/torn.json", d + "/torn.jsonl");
      EXPECT_EQ(torn.exit_code, 2) << step << ": a torn registration was taken: " << torn.out;
      ++torn_refused;
      fs::remove(tmp);
    }
  }
  EXPECT_GE(torn_refused, 1) << "the half-written kill left no torn temporary to check";
  // And at any moment of a run, by a timer: the file is the saved one or the new one.
  const double duration = timeRun(args("3"));
  int kills = 0, saved_seen = 0;
  for (double at : killPoints(duration, 0.0, 1.2)) {
    writeFile(reg, saved);
    runAndKill(args("3"), at);
    ++kills;
    const std::string now = readFile(reg);
    EXPECT_TRUE(now == saved || content(now) == next)
        << "killed " << at << " s into " << duration << " s";
    saved_seen += now == saved;
  }
  std::cout << "register: " << kWriteSteps.size() << " write steps killed, " << torn_refused
            << " torn temporaries refused; " << duration << " s uninterrupted, " << kills
            << " timed kills, " << saved_seen << " left the saved registration\n";
}

namespace {
// Runs `tmsnav ARGS` with DIR replaced by a fresh mount made by `mount_cmd` (a read-only
// bind or a tiny tmpfs) in a private mount namespace: root ignores file permissions, so a
// read-only folder and a full disk have to be real mounts.
// What the mount holds when the command has ended is written to `listing`.
CommandResult runOnMount(const std::string& mount_point, const std::string& mount_cmd,
                         const std::vector<std::string>& args, const std::string& listing) {
  std::string cmd = mount_cmd + " && '" + tmsnavBinary() + "'";
  for (const auto& a : args) cmd += " '" + a + "'";
  cmd += "; rc=\\$?; ls -A " + mount_point + " >" + listing + "; exit \\$rc";
  return runShell("unshare --mount --propagation private sh -c \"" + cmd + "\"", 120);
}

void expectOneErrorLine(const CommandResult& r, const std::string& what) {
  EXPECT_TRUE(r.exit_code == 1 || r.exit_code == 2) << what << ": exit " << r.exit_code << "\n"
                                                    << r.err;
  EXPECT_EQ(r.err.rfind("error: ", 0), 0u) << what << ": " << r.err;
  EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << what << ": more than one line: " << r.err;
}
}  // namespace

TEST(Storage, ReadOnlySessionFolderIsRefusedWithOneErrorLine) {
  const std::string d = freshTempDir("storage-ro");
  writeDlpfcPlan(d + "/plan.json");
  fs::create_directories(d + "/ro");
  const std::string ro = d + "/ro", plan = d + "/plan.json";
  const std::string mount = "mount --bind " + ro + " " + ro + " && mount -o remount,bind,ro " + ro;
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"simulate", "--plan", plan, "--out", ro + "/s.jsonl"},
           {"track", "--simulate", "--plan", plan, "--seconds", "1", "--out", ro + "/t.jsonl"},
           {"export", "--plan", plan, "--format", "csv", "--out", ro + "/x.csv"}}) {
    expectOneErrorLine(runOnMount(ro, mount, args, d + "/listing"), args[0]);
    EXPECT_EQ(readFile(d + "/listing"), "") << args[0];
  }
}

TEST(Storage, FullDiskLeavesNoPartialFileUnderItsName) {
  const std::string d = freshTempDir("storage-full");
  writeDlpfcPlan(d + "/plan.json");
  fs::create_directories(d + "/full");
  const std::string full = d + "/full";
  // A 60 s simulation is about 100 kB of journal: it cannot fit in 16 kB.
  const auto sim = runOnMount(
      full, "mount -t tmpfs -o size=16k tmpfs " + full,
      {"simulate", "--plan", d + "/plan.json", "--seconds", "60", "--out", full + "/s.jsonl"},
      d + "/listing");
  expectOneErrorLine(sim, "simulate on a full disk");
  EXPECT_NE(sim.err.find("s.jsonl"), std::string::npos) << sim.err;
  // Nothing under the final name, and the temporary sibling removed.
  EXPECT_EQ(readFile(d + "/listing"), "");
}
