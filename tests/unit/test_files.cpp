#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

#include "core/atomic_file.h"
#include "tracking/session_log.h"
#include "tracking/session_log_reader.h"

using namespace tmsnav;

namespace {
std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::filesystem::path freshDir(const std::string& name) {
  auto d = std::filesystem::temp_directory_path() /
           ("tmsnav-unit-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(d);
  std::filesystem::create_directories(d);
  return d;
}
}  // namespace

TEST(SessionLog, AppendsAcrossReopenAndNeverTruncates) {
  const auto dir = freshDir("log");
  const auto path = (dir / "session.jsonl").string();
  {
    auto log = SessionLog::open(path);
    ASSERT_TRUE(log.ok()) << log.error();
    ASSERT_TRUE(log->append("{\"a\":1}").ok());
  }
  {
    auto log = SessionLog::open(path);
    ASSERT_TRUE(log.ok());
    ASSERT_TRUE(log->append("{\"b\":2}").ok());
  }
  EXPECT_EQ(slurp(path), "{\"a\":1}\n{\"b\":2}\n");
  EXPECT_FALSE(SessionLog::open((dir / "missing" / "x.jsonl").string()).ok());
}

TEST(SessionLog, RecordsHaveFixedFormattingAndNullsWhenNotTracking) {
  GuidanceUpdate u;
  u.t_s = 1.23449;
  u.reason = "CoilMarker missing";
  EXPECT_EQ(formatGuidanceRecord(u),
            "{\"t_s\":1.234,\"state\":\"not_tracking\",\"position_error_mm\":null,"
            "\"tilt_error_deg\":null,\"handle_error_deg\":null,\"tangent_error_mm\":null,"
            "\"depth_error_mm\":null,\"coil_to_mri_ras\":null,"
            "\"reason\":\"CoilMarker missing\"}");
  GuidanceUpdate v;
  v.state = GuidanceState::OffTarget;
  v.errors = GuidanceErrors{};
  v.errors->position_mm = -0.0001;  // rounds to zero: must not print "-0.000"
  v.coil_to_mri = CoilToMri();
  const std::string s = formatGuidanceRecord(v);
  EXPECT_NE(s.find("\"position_error_mm\":0.000"), std::string::npos) << s;
  EXPECT_NE(s.find("\"coil_to_mri_ras\":[[-1.000000,0.000000,0.000000,0.000]"), std::string::npos)
      << s;
}

TEST(AtomicFile, ReplacesWholeFilesAndLeavesNoTemporaries) {
  const auto dir = freshDir("atomic");
  const auto path = (dir / "plan.json").string();
  ASSERT_TRUE(writeTextAtomically(path, "old").ok());
  ASSERT_TRUE(writeTextAtomically(path, "new").ok());
  EXPECT_EQ(slurp(path), "new");
  auto failed =
      replaceAtomically(path, [](const std::string&) { return std::string("disk full"); });
  EXPECT_FALSE(failed.ok());
  EXPECT_EQ(slurp(path), "new");  // the old file survives a failed write
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir),
                          std::filesystem::directory_iterator()),
            1);
}

// A writer killed before its rename leaves `.name.tmp<pid>.ext`; the next write of the same
// file removes it when that process is gone, and leaves a live writer's and other files'.
TEST(AtomicFile, RemovesTemporariesOfKilledWriters) {
  const auto dir = freshDir("atomic-stale");
  const auto path = (dir / "head_mask.nii.gz").string();
  // A pid that cannot be running: above the kernel's pid_max (4194304 at most).
  const auto stale = dir / ".head_mask.tmp999999999.nii.gz";
  const auto live = dir / (".head_mask.tmp" + std::to_string(::getppid()) + ".nii.gz");
  const auto other = dir / ".brain_mask.tmp999999999.nii.gz";
  for (const auto& p : {stale, live, other}) std::ofstream(p) << "half";
  ASSERT_TRUE(writeTextAtomically(path, "whole").ok());
  EXPECT_FALSE(std::filesystem::exists(stale));
  EXPECT_TRUE(std::filesystem::exists(live));   // its writer may still rename it
  EXPECT_TRUE(std::filesystem::exists(other));  // another file's, left to its own writer
  EXPECT_EQ(slurp(path), "whole");
}

TEST(SessionLogReader, ReadsBackPosesAndMissingSamples) {
  const auto dir = freshDir("reader");
  GuidanceUpdate tracked;
  tracked.t_s = 0.5;
  tracked.state = GuidanceState::OffTarget;
  Eigen::Isometry3d pose = Eigen::Isometry3d::Identity();
  pose.translation() = Eigen::Vector3d(51.25, -56.5, 34.75);  // LPS
  tracked.coil_to_mri = CoilToMri(pose);
  tracked.errors = GuidanceErrors{};
  GuidanceUpdate lost;
  lost.t_s = 0.52;
  lost.reason = "CoilMarker missing";
  const auto path = (dir / "s.jsonl").string();
  ASSERT_TRUE(writeTextAtomically(
                  path, formatGuidanceRecord(tracked) + "\n" + formatGuidanceRecord(lost) + "\n")
                  .ok());
  auto frames = readSessionLog(path);
  ASSERT_TRUE(frames.ok()) << frames.error();
  ASSERT_EQ(frames->size(), 2u);
  EXPECT_DOUBLE_EQ((*frames)[0].timestamp_s, 0.5);
  EXPECT_LT(((*frames)[0].tools[0].to_tracker.col(3).head<3>() - pose.translation()).norm(), 1e-3);
  EXPECT_TRUE((*frames)[0].valid());
  EXPECT_FALSE((*frames)[1].valid());
  ASSERT_TRUE(writeTextAtomically(path, "not json\n").ok());
  EXPECT_FALSE(readSessionLog(path).ok());
}
