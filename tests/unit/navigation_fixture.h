#pragma once
// The navigation tests' fixture: a scripted tracker source whose frames the test hands
// over one by one, a session on a clock the test moves, and its journal.
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

#include <unistd.h>

#include "navigation/navigation_session.h"

namespace tmsnav {

inline constexpr double kHangBoundS = 10.0;  // a wait for the worker thread that never ends fails
inline constexpr double kTolS = 1e-9;

// Frames the test hands over one by one; the worker thread blocks until then.
struct Script {
  std::mutex m;
  std::condition_variable_any cv;
  std::deque<TrackerFrame> frames;
  bool ended = false;
  std::optional<SourceFailure> failure;
  double period_s = 0.0;
};

class ScriptedSource : public TrackerSource {
 public:
  explicit ScriptedSource(std::shared_ptr<Script> s) : s_(std::move(s)) {}
  std::optional<TrackerFrame> next(std::stop_token stop) override {
    std::unique_lock lock(s_->m);
    s_->cv.wait(lock, stop, [&] { return !s_->frames.empty() || s_->ended; });
    if (stop.stop_requested() || s_->frames.empty()) return std::nullopt;
    TrackerFrame f = s_->frames.front();
    s_->frames.pop_front();
    return f;
  }
  double nominalPeriodS() const override { return s_->period_s; }
  std::optional<SourceFailure> failure() const override { return s_->failure; }

 private:
  std::shared_ptr<Script> s_;
};

inline TrackerFrame frameAt(double t, PoseStatus status = PoseStatus::Ok) {
  TrackerFrame f;
  f.timestamp_s = t;
  for (const char* tool : {kCoilMarkerTool, kHeadRefTool}) {
    ToolPose p;
    p.tool = tool;
    p.timestamp_s = t;
    p.status = status;
    f.tools.push_back(p);
  }
  return f;
}

class Navigation : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("tmsnav-nav-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  NavigationRequest request(bool with_target = true) {
    NavigationRequest r;
    r.source =
        CustomSourceSpec{"scripted", [s = script_] { return std::make_unique<ScriptedSource>(s); }};
    if (with_target) r.target_to_mri = Transform<frame::Target, frame::Mri>();
    r.journal_path = journal();
    return r;
  }
  std::string journal() const { return (dir_ / "session.jsonl").string(); }
  void feed(const TrackerFrame& f) {
    {
      std::lock_guard lock(script_->m);
      script_->frames.push_back(f);
    }
    script_->cv.notify_all();
  }
  void end(std::optional<SourceFailure> failure = std::nullopt) {
    {
      std::lock_guard lock(script_->m);
      script_->ended = true;
      script_->failure = std::move(failure);
    }
    script_->cv.notify_all();
  }
  // Ticks until the session has seen `frames` frames from the worker.
  const NavigationSnapshot& tickUntilFrames(std::uint64_t frames) {
    const auto give_up =
        std::chrono::steady_clock::now() + std::chrono::duration<double>(kHangBoundS);
    while (std::chrono::steady_clock::now() < give_up) {
      const auto& s = session_.tick();
      if (s.latest_frame && s.frames >= frames && s.records >= records_before_ + frames) return s;
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    ADD_FAILURE() << "the worker never delivered " << frames << " frames";
    return session_.snapshot();
  }
  const NavigationSnapshot& tickUntilState(NavState want) {
    const auto give_up =
        std::chrono::steady_clock::now() + std::chrono::duration<double>(kHangBoundS);
    while (std::chrono::steady_clock::now() < give_up) {
      if (session_.tick().state == want) return session_.snapshot();
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    ADD_FAILURE() << "never reached " << toString(want);
    return session_.snapshot();
  }
  // Records after the header (which every journal starts with).
  size_t journalLines() const {
    std::ifstream in(journal());
    size_t n = 0;
    std::string line;
    if (std::getline(in, line)) EXPECT_EQ(line.rfind("{\"type\":\"header\"", 0), 0u) << line;
    for (; std::getline(in, line);) ++n;
    return n;
  }
  std::vector<std::string> journalRecords() const {
    std::ifstream in(journal());
    std::vector<std::string> out;
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
  }

  std::filesystem::path dir_;
  std::shared_ptr<Script> script_ = std::make_shared<Script>();
  double now_ = 100.0;
  std::uint64_t records_before_ = 0;
  NavigationSession session_{Clocks{[this] { return now_; }, [] { return 0.0; }}};
};

}  // namespace tmsnav
