// tmsnav's OpenIGTLink client against the reference library's own example servers
// (Debian openigtlink-examples, built here), each run in a private network namespace
// (unshare -n) so that nothing listens beyond loopback.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "tests/support/test_support.h"

using namespace tmsnav::test;

namespace {
const char* kExamples = "/usr/share/doc/openigtlink-examples/examples";

// Builds the example servers once per test run.
std::string exampleServers() {
  static std::string dir;
  if (!dir.empty()) return dir;
  if (!std::filesystem::exists(kExamples)) throw std::runtime_error("install openigtlink-examples");
  const std::string build = freshTempDir("igtl-examples");
  const std::string cmd = "cmake -S " + std::string(kExamples) + " -B " + build + " -G Ninja >" +
                          build + "/log 2>&1 && ninja -C " + build +
                          " TrackerServer TrackerServer2 TrackingDataServer "
                          "StatusServer >>" +
                          build + "/log 2>&1";
  if (std::system(cmd.c_str()) != 0)
    throw std::runtime_error("building the OpenIGTLink examples failed: " + build);
  return dir = build;
}

// Runs `server` and `tmsnav track --igtl` together in a loopback-only network namespace and
// a private PID namespace whose init is the shell: when the shell ends (or is killed: unshare
// --kill-child, itself under a hang bound), the kernel kills everything left in the
// namespace, the example server included (it never exits on its own).
nlohmann::json trackAgainst(const std::string& server, double seconds) {
  constexpr int kHangBoundS = 120;
  const std::string out = freshTempDir("igtl-ref");
  const std::string script = "ip link set lo up && (" + exampleServers() + "/" + server +
                             " >/dev/null 2>&1 &) && sleep 0.3 && " + tmsnavBinary() +
                             " track --igtl 127.0.0.1:18944 --seconds " + std::to_string(seconds) +
                             " --out " + out + "/s.jsonl --json >" + out + "/summary.json";
  const int rc = std::system(("timeout -s KILL " + std::to_string(kHangBoundS) +
                              " unshare --net --pid --fork --kill-child sh -c '" + script + "'")
                                 .c_str());
  if (rc != 0)
    throw std::runtime_error("unshare --net --pid failed (needs root and util-linux): " + script);
  return nlohmann::json::parse(readFile(out + "/summary.json"));
}

// The example servers still alive (their command lines name the folder they were built in).
std::vector<std::string> leftoverServers() {
  std::vector<std::string> left;
  for (const auto& e : std::filesystem::directory_iterator("/proc")) {
    const std::string cmdline = readFile(e.path().string() + "/cmdline");
    if (cmdline.find(exampleServers()) != std::string::npos) left.push_back(cmdline);
  }
  return left;
}

class IgtlReference : public ::testing::Test {
 protected:
  // Issue 28: each run used to leave its example server running for good.
  void TearDown() override {
    const auto left = leftoverServers();
    EXPECT_TRUE(left.empty()) << left.size() << " example server(s) left running, e.g. "
                              << (left.empty() ? "" : left[0]);
  }
};
}  // namespace

TEST_F(IgtlReference, TrackerServerTransformsArriveAndZeroTimestampsAreFlagged) {
  const auto j = trackAgainst("Tracker/TrackerServer 18944 50", 1.5);
  EXPECT_GT(j["samples"].get<int>(), 40);
  EXPECT_EQ(j["rejected"], 0);
  EXPECT_EQ(j["flagged_timestamps"], j["samples"]);  // the example never sets a timestamp
}

TEST_F(IgtlReference, TrackerServer2NonUnitQuaternionsAreRejected) {
  const auto j = trackAgainst("Tracker/TrackerServer2 18944 50", 1.5);
  EXPECT_EQ(j["samples"], 0);
  EXPECT_GT(j["rejected"].get<int>(), 40);
}

TEST_F(IgtlReference, TrackingDataServerStreamsTdataAfterStartRequest) {
  const auto j = trackAgainst("TrackingData/TrackingDataServer 18944", 1.5);
  EXPECT_GT(j["samples"].get<int>(), 20);
  EXPECT_EQ(j["rejected"], 0);
}

TEST_F(IgtlReference, StatusServerGivesNoPoses) {
  const auto j = trackAgainst("Status/StatusServer 18944", 1.5);
  EXPECT_EQ(j["samples"], 0);
  EXPECT_EQ(j["rejected"], 0);
  EXPECT_GE(j["stale_periods"].get<int>(), 1);
}
