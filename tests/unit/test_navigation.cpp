// The navigation session's state machine and its one definition of stale, driven by a
// scripted source and a hand-set clock: milliseconds, no devices, no ITK.
#include <gtest/gtest.h>

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include <unistd.h>

#include "navigation/navigation_session.h"
#include "navigation/pulse_train.h"
#include "navigation/sweep_coverage.h"
#include "tracking/session_log_reader.h"

namespace tmsnav {
namespace {

constexpr double kHangBoundS = 10.0;  // a wait for the worker thread that never ends fails
constexpr double kTolS = 1e-9;

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

TrackerFrame frameAt(double t, PoseStatus status = PoseStatus::Ok) {
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

TEST(NavState, OnlyTheDocumentedTransitionsAreAllowed) {
  using S = NavState;
  const std::vector<S> all = {S::Idle,  S::Connecting, S::Streaming,
                              S::Stale, S::Stopped,    S::Failed};
  const std::set<std::pair<S, S>> expected = {
      {S::Idle, S::Connecting},      {S::Stopped, S::Connecting}, {S::Failed, S::Connecting},
      {S::Connecting, S::Streaming}, {S::Stale, S::Streaming},    {S::Streaming, S::Stale},
      {S::Connecting, S::Stopped},   {S::Streaming, S::Stopped},  {S::Stale, S::Stopped},
      {S::Connecting, S::Failed},    {S::Streaming, S::Failed},   {S::Stale, S::Failed}};
  for (S from : all)
    for (S to : all)
      EXPECT_EQ(allowed(from, to), expected.count({from, to}) == 1)
          << toString(from) << " -> " << toString(to);
}

TEST(NavState, ActiveStatesAreThoseWithARunningSource) {
  EXPECT_FALSE(isActive(NavState::Idle));
  EXPECT_TRUE(isActive(NavState::Connecting));
  EXPECT_TRUE(isActive(NavState::Streaming));
  EXPECT_TRUE(isActive(NavState::Stale));
  EXPECT_FALSE(isActive(NavState::Stopped));
  EXPECT_FALSE(isActive(NavState::Failed));
}

TEST(StaleRule, IsThreeUpdatePeriodsButNeverUnder100Ms) {
  EXPECT_NEAR(staleAfterS(0.02), 0.1, kTolS);   // 50 Hz
  EXPECT_NEAR(staleAfterS(0.005), 0.1, kTolS);  // 200 Hz
  EXPECT_NEAR(staleAfterS(1.0 / 15), 0.2, kTolS);
  EXPECT_NEAR(maxSkewS(0.005), 0.02, kTolS);
  EXPECT_NEAR(maxSkewS(1.0 / 15), 1.0 / 15, kTolS);
}

TEST_F(Navigation, StopBeforeStartIsRefused) {
  EXPECT_FALSE(session_.stop().ok());
  EXPECT_EQ(session_.state(), NavState::Idle);
}

TEST_F(Navigation, StartWithoutAJournalIsRefused) {
  auto r = request();
  r.journal_path.clear();
  EXPECT_FALSE(session_.start(r).ok());
  EXPECT_EQ(session_.state(), NavState::Idle);
}

TEST_F(Navigation, StartWhenTheJournalCannotBeOpenedIsRefused) {
  auto r = request();
  r.journal_path = (dir_ / "no-such-folder" / "s.jsonl").string();
  const auto started = session_.start(r);
  ASSERT_FALSE(started.ok());
  EXPECT_NE(started.error().find("journal"), std::string::npos) << started.error();
  EXPECT_EQ(session_.state(), NavState::Idle);
}

TEST_F(Navigation, SimulatorWithoutATargetIsRefused) {
  NavigationRequest r;
  r.source = SimulatedSourceSpec{};
  r.journal_path = journal();
  EXPECT_FALSE(session_.start(r).ok());
  EXPECT_EQ(session_.state(), NavState::Idle);
  EXPECT_FALSE(std::filesystem::exists(journal())) << "nothing opened for a refused start";
}

TEST_F(Navigation, StartTwiceIsRefused) {
  ASSERT_TRUE(session_.start(request()).ok());
  EXPECT_EQ(session_.state(), NavState::Connecting);
  EXPECT_FALSE(session_.start(request()).ok());
  EXPECT_EQ(session_.state(), NavState::Connecting);
}

TEST_F(Navigation, ConnectingShowsNotTrackingWithAReason) {
  ASSERT_TRUE(session_.start(request()).ok());
  const auto& s = session_.tick();
  EXPECT_EQ(s.state, NavState::Connecting);
  EXPECT_EQ(s.guidance.state, GuidanceState::NotTracking);
  EXPECT_FALSE(s.guidance.coil_to_mri.has_value());
  EXPECT_FALSE(s.guidance.reason.empty());
}

TEST_F(Navigation, FirstFrameStreamsAndAnOldOneGoesStaleThenRecovers) {
  script_->period_s = 0.02;  // 50 Hz: stale after 0.1 s
  ASSERT_TRUE(session_.start(request()).ok());
  feed(frameAt(now_));
  EXPECT_EQ(tickUntilFrames(1).state, NavState::Streaming);
  EXPECT_NEAR(session_.snapshot().max_age_s, 0.1, kTolS);

  now_ += 0.09;  // younger than the stale age
  EXPECT_EQ(session_.tick().state, NavState::Streaming);
  now_ += 0.02;  // 0.11 s: stale
  const auto& stale = session_.tick();
  EXPECT_EQ(stale.state, NavState::Stale);
  EXPECT_EQ(stale.guidance.state, GuidanceState::NotTracking);
  EXPECT_FALSE(stale.guidance.coil_to_mri.has_value());
  EXPECT_EQ(stale.stale_periods, 1u);
  now_ += 1.0;  // a stale period is journaled once, not every tick
  EXPECT_EQ(session_.tick().stale_periods, 1u);

  records_before_ = session_.snapshot().records - 1;
  feed(frameAt(now_));
  EXPECT_EQ(tickUntilFrames(2).state, NavState::Streaming);
  ASSERT_TRUE(session_.stop().ok());
  EXPECT_EQ(journalLines(), 3u);  // two frames and the start of one stale period
}

TEST_F(Navigation, SlowSourcesGoStaleAfterThreeTheirPeriods) {
  script_->period_s = 0.1;  // 10 Hz: stale after 0.3 s, in the app and in `track` alike
  ASSERT_TRUE(session_.start(request()).ok());
  feed(frameAt(now_));
  tickUntilFrames(1);
  EXPECT_NEAR(session_.snapshot().max_age_s, 0.3, kTolS);
  now_ += 0.25;
  EXPECT_EQ(session_.tick().state, NavState::Streaming);
  now_ += 0.1;
  EXPECT_EQ(session_.tick().state, NavState::Stale);
}

TEST_F(Navigation, MaxAgeGivenByTheUserWins) {
  script_->period_s = 0.02;
  auto r = request();
  r.max_age_s = 0.5;
  ASSERT_TRUE(session_.start(r).ok());
  feed(frameAt(now_));
  tickUntilFrames(1);
  EXPECT_NEAR(session_.snapshot().max_age_s, 0.5, kTolS);
}

TEST_F(Navigation, SilenceBeforeTheFirstFrameIsJournaledOnce) {
  ASSERT_TRUE(session_.start(request()).ok());
  now_ += 0.5;
  EXPECT_EQ(session_.tick().stale_periods, 1u);
  now_ += 0.5;
  const auto& s = session_.tick();
  EXPECT_EQ(s.stale_periods, 1u);
  EXPECT_EQ(s.state, NavState::Connecting);
  ASSERT_TRUE(session_.stop().ok());
  EXPECT_EQ(journalLines(), 1u);
}

TEST_F(Navigation, SourceThatEndsStopsTheSession) {
  ASSERT_TRUE(session_.start(request()).ok());
  feed(frameAt(now_));
  end();
  const auto& s = tickUntilState(NavState::Stopped);
  EXPECT_EQ(s.records, 1u);
  EXPECT_EQ(s.guidance.state, GuidanceState::NotTracking);
  EXPECT_FALSE(session_.stop().ok()) << "already stopped";
}

TEST_F(Navigation, SourceThatFailsFailsTheSessionWithTheReason) {
  ASSERT_TRUE(session_.start(request()).ok());
  end(SourceFailure{"recording.igs.mha: not a sequence file", true});
  const auto& s = tickUntilState(NavState::Failed);
  EXPECT_EQ(s.failure, "recording.igs.mha: not a sequence file");
  EXPECT_TRUE(s.failure_is_bad_input);
  EXPECT_EQ(s.guidance.reason, s.failure);
}

TEST_F(Navigation, StoppedSessionCanStartAgain) {
  ASSERT_TRUE(session_.start(request()).ok());
  ASSERT_TRUE(session_.stop().ok());
  EXPECT_EQ(session_.state(), NavState::Stopped);
  EXPECT_EQ(session_.snapshot().guidance.state, GuidanceState::NotTracking);
  ASSERT_TRUE(session_.start(request()).ok());
  EXPECT_EQ(session_.state(), NavState::Connecting);
  EXPECT_EQ(session_.snapshot().records, 0u);
}

TEST_F(Navigation, WithoutATargetNoGuidanceIsClaimed) {
  ASSERT_TRUE(session_.start(request(false)).ok());
  feed(frameAt(now_));
  const auto& s = tickUntilFrames(1);
  EXPECT_EQ(s.guidance.state, GuidanceState::NotTracking);
  EXPECT_EQ(s.guidance.reason, "no plan");
  EXPECT_FALSE(s.guidance.coil_to_mri.has_value());
  EXPECT_FALSE(s.correction.has_value());
}

TEST_F(Navigation, ToolLightsUseTheSameStaleAge) {
  script_->period_s = 0.02;
  ASSERT_TRUE(session_.start(request()).ok());
  TrackerFrame f = frameAt(now_);
  f.tools[1].status = PoseStatus::Invalid;
  feed(f);
  const auto& s = tickUntilFrames(1);
  ASSERT_EQ(s.tools.size(), 2u);
  EXPECT_EQ(s.tools[0].kind, ToolLight::Kind::Usable);
  EXPECT_EQ(s.tools[1].kind, ToolLight::Kind::Bad);
  now_ += 0.2;
  EXPECT_EQ(session_.tick().tools[0].kind, ToolLight::Kind::Stale);
}

TEST_F(Navigation, UsableFramesGiveAPoseAndErrors) {
  ASSERT_TRUE(session_.start(request()).ok());
  feed(frameAt(now_));
  const auto& s = tickUntilFrames(1);
  EXPECT_TRUE(s.guidance.coil_to_mri.has_value());
  EXPECT_TRUE(s.guidance.errors.has_value());
  EXPECT_FALSE(s.registered) << "a custom source's poses are not registered";
}

TEST_F(Navigation, ACustomSourceWithoutAFactoryIsRefused) {
  auto r = request();
  r.source = CustomSourceSpec{"nothing", {}};
  EXPECT_FALSE(session_.start(r).ok());
  EXPECT_EQ(session_.state(), NavState::Idle);
}

TEST_F(Navigation, JournalPathsAreNamedByTheStartTime) {
  const std::string p = journalPathIn((dir_ / "sessions").string());
  EXPECT_EQ(std::filesystem::path(p).parent_path(), dir_ / "sessions");
  EXPECT_TRUE(std::filesystem::is_directory(dir_ / "sessions"));
  EXPECT_EQ(std::filesystem::path(p).filename().string().rfind("session-", 0), 0u) << p;
  EXPECT_EQ(std::filesystem::path(p).extension(), ".jsonl");
}

}  // namespace
}  // namespace tmsnav

namespace tmsnav {
namespace {

TrackerFrame headAt(double t, const Eigen::Vector3d& ref_origin) {
  TrackerFrame f = frameAt(t);
  for (auto& tool : f.tools) tool.tool_to_tracker.translation() = ref_origin;  // coil moves along
  return f;
}

// Issue 18: a 4 mm head-reference jump turns guidance to "re-register" within one update;
// a 1 mm drift does not.
TEST_F(Navigation, AReferenceJumpSuspendsTheRegistrationAndASlowDriftDoesNot) {
  script_->period_s = 0.02;
  auto r = request();
  r.head_ref_to_mri = Transform<frame::HeadRef, frame::Mri>();
  ASSERT_TRUE(session_.start(r).ok());
  // 1 mm over one second, at 50 Hz.
  for (int i = 0; i <= 50; ++i) {
    now_ = 100.0 + 0.02 * i;
    feed(headAt(now_, Eigen::Vector3d(0.02 * i, 0, 0)));
  }
  const auto& drifted = tickUntilFrames(51);
  ASSERT_TRUE(drifted.registration.has_value());
  EXPECT_EQ(*drifted.registration, RegistrationState::Valid);
  EXPECT_TRUE(drifted.guidance.coil_to_mri.has_value());
  now_ += 0.02;
  feed(headAt(now_, Eigen::Vector3d(5.0, 0, 0)));  // 4 mm in one 20 ms update
  const auto& jumped = tickUntilFrames(52);
  EXPECT_EQ(*jumped.registration, RegistrationState::NeedsCheckpoint);
  EXPECT_EQ(jumped.guidance.state, GuidanceState::NotTracking);
  EXPECT_FALSE(jumped.guidance.coil_to_mri.has_value());
  EXPECT_NE(jumped.guidance.reason.find("re-register"), std::string::npos)
      << jumped.guidance.reason;
}

// The pointer's tip held at p (head reference frame) while the hand turns it, then lifted.
void touchAt(std::vector<TrackerFrame>& frames, double& t, const Eigen::Vector3d& p,
             const Eigen::Vector3d& tip) {
  for (int i = 0; i < 60; ++i, t += 0.02) {
    TrackerFrame f = headAt(t, Eigen::Vector3d::Zero());
    const double lift = i < 50 ? 0.0 : 5.0 * (i - 49);
    Eigen::Isometry3d pointer = Eigen::Isometry3d::Identity();
    pointer.linear() =
        Eigen::AngleAxisd(0.1 * std::sin(0.3 * i), Eigen::Vector3d::UnitX()).toRotationMatrix();
    pointer.translation() = p + Eigen::Vector3d(0, 0, lift) - pointer.linear() * tip;
    f.tools.push_back({kPointerTool, pointer, t, PoseStatus::Ok});
    frames.push_back(f);
  }
}

TEST_F(Navigation, GuidanceWaitsForTheCheckpointTouchThenFollowsIt) {
  const Eigen::Vector3d checkpoint(0, -90, 10), tip(0, 0, 150);
  for (const auto& [miss_mm, want] :
       {std::pair{1.0, RegistrationState::Valid}, std::pair{5.0, RegistrationState::Invalid}}) {
    script_ = std::make_shared<Script>();
    script_->period_s = 0.02;
    auto r = request();
    r.head_ref_to_mri = Transform<frame::HeadRef, frame::Mri>();
    r.checkpoint = checkpoint;
    r.pointer_tip = tip;
    r.confirm_checkpoint_first = true;
    r.journal_path = (dir_ / ("miss-" + std::to_string(miss_mm) + ".jsonl")).string();
    ASSERT_TRUE(session_.start(r).ok());
    records_before_ = session_.snapshot().records;
    std::vector<TrackerFrame> frames;
    double t = now_;
    touchAt(frames, t, checkpoint + Eigen::Vector3d(miss_mm, 0, 0), tip);
    feed(frames.front());
    const auto& waiting = tickUntilFrames(1);
    ASSERT_TRUE(waiting.registration);
    EXPECT_EQ(*waiting.registration, RegistrationState::NeedsCheckpoint);
    EXPECT_EQ(waiting.guidance.state, GuidanceState::NotTracking);
    for (size_t i = 1; i < frames.size(); ++i) feed(frames[i]);
    now_ = t;
    const auto& touched = tickUntilFrames(frames.size());
    EXPECT_EQ(*touched.registration, want) << miss_mm << " mm";
    ASSERT_TRUE(touched.checkpoint_drift_mm);
    EXPECT_NEAR(*touched.checkpoint_drift_mm, miss_mm, 0.2);
    ASSERT_TRUE(session_.stop().ok());
    std::ifstream in(r.journal_path);
    const std::string log((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_NE(log.find("checkpoint touched: drift"), std::string::npos);
    EXPECT_NE(log.find("\"registration\":\"needs_checkpoint\""), std::string::npos);
  }
}

TEST_F(Navigation, AskingForTheCheckpointNeedsARunningRegistrationWithOne) {
  EXPECT_FALSE(session_.askCheckpoint().ok());  // not tracking
  script_->period_s = 0.02;
  auto r = request();
  r.head_ref_to_mri = Transform<frame::HeadRef, frame::Mri>();
  ASSERT_TRUE(session_.start(r).ok());
  EXPECT_FALSE(session_.askCheckpoint().ok());  // no checkpoint, no pointer
  ASSERT_TRUE(session_.stop().ok());
  r.checkpoint = Eigen::Vector3d(0, -90, 10);
  r.pointer_tip = Eigen::Vector3d(0, 0, 150);
  r.journal_path = (dir_ / "second.jsonl").string();
  ASSERT_TRUE(session_.start(r).ok());
  ASSERT_TRUE(session_.askCheckpoint().ok());
  feed(headAt(now_, Eigen::Vector3d::Zero()));
  const auto& s = tickUntilFrames(1);
  EXPECT_EQ(*s.registration, RegistrationState::NeedsCheckpoint);
  EXPECT_EQ(s.guidance.state, GuidanceState::NotTracking);
}

// Issue 15: a pulse journals the pose judged at that instant, or that there was none.
TEST_F(Navigation, APulseRecordsThePoseNowOrNotTrackedNeverAStaleOne) {
  EXPECT_FALSE(session_.pulse({}).ok());  // not tracking
  script_->period_s = 0.02;
  ASSERT_TRUE(session_.start(request()).ok());
  feed(frameAt(now_));
  tickUntilFrames(1);
  auto tracked = session_.pulse({{55.0, {}, {}}, "key"});
  ASSERT_TRUE(tracked.ok()) << tracked.error();
  EXPECT_TRUE(tracked->tracked);
  EXPECT_EQ(tracked->number, 1u);
  now_ += 1.0;  // the tracker falls silent: the last pose is a second old
  auto stale = session_.pulse({});
  ASSERT_TRUE(stale.ok());
  EXPECT_FALSE(stale->tracked);
  EXPECT_FALSE(stale->guidance.coil_to_mri.has_value());
  EXPECT_EQ(session_.snapshot().pulses, 2u);
  ASSERT_TRUE(session_.stop().ok());
  std::ifstream in(journal());
  std::vector<std::string> pulses;
  for (std::string line; std::getline(in, line);)
    if (line.find("\"type\":\"pulse\"") != std::string::npos) pulses.push_back(line);
  ASSERT_EQ(pulses.size(), 2u);
  EXPECT_NE(pulses[0].find("\"tracked\":true"), std::string::npos) << pulses[0];
  EXPECT_NE(pulses[0].find("\"intensity_pct_mso\":55.0"), std::string::npos);
  EXPECT_NE(pulses[1].find("\"tracked\":false"), std::string::npos) << pulses[1];
  EXPECT_NE(pulses[1].find("\"coil_to_mri_ras\":null"), std::string::npos);
  // Replaying the journal skips the pulses; a torn last line is dropped with a warning.
  {
    std::ofstream torn(journal(), std::ios::app);
    torn << "{\"t_s\":9.0,\"state\":\"on_tar";
  }
  std::vector<std::string> warnings;
  auto frames = readSessionLog(journal(), &warnings);
  ASSERT_TRUE(frames.ok()) << frames.error();
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("torn"), std::string::npos);
}

// Issue 15: the journal says whose session it is before anything else.
TEST_F(Navigation, TheJournalStartsWithItsHeader) {
  auto r = request();
  r.header.patient_id = "sub-01";
  r.header.mri_sha256 = "abc123";
  r.header.software = "tmsnav test";
  r.header.session_label = "day \"3\"";
  r.header.seed = 7;
  ASSERT_TRUE(session_.start(r).ok());
  ASSERT_TRUE(session_.note("MT 45 %MSO").ok());
  EXPECT_FALSE(session_.note("").ok());
  ASSERT_TRUE(session_.stop().ok());
  const auto lines = journalRecords();
  ASSERT_EQ(lines.size(), 2u);
  for (const char* field :
       {"\"format\":\"tmsnav-session-1\"", "\"patient_id\":\"sub-01\"", "\"sha256\":\"abc123\"",
        "\"software\":\"tmsnav test\"", "\"session_label\":\"day \\\"3\\\"\"", "\"seed\":7",
        "\"target_to_mri_ras\":[[", "\"started_utc\":\"1970-01-01T00:00:00.000Z\""})
    EXPECT_NE(lines[0].find(field), std::string::npos) << field << " in " << lines[0];
  EXPECT_NE(lines[1].find("\"type\":\"note\""), std::string::npos) << lines[1];
  EXPECT_NE(lines[1].find("\"text\":\"MT 45 %MSO\""), std::string::npos) << lines[1];
}

// A stimulator's OpenIGTLink STRING "pulse ..." is a pulse at the frame that carried it.
TEST_F(Navigation, StimulatorMessagesArePulses) {
  script_->period_s = 0.02;
  ASSERT_TRUE(session_.start(request()).ok());
  TrackerFrame f = frameAt(now_);
  f.events = {"pulse intensity=55 didt=120 mep=nan", "hello"};
  feed(f);
  tickUntilFrames(1);
  EXPECT_EQ(session_.snapshot().pulses, 1u);
  ASSERT_TRUE(session_.stop().ok());
  const auto lines = journalRecords();
  const auto pulse = std::find_if(lines.begin(), lines.end(), [](const std::string& l) {
    return l.find("\"type\":\"pulse\"") != std::string::npos;
  });
  ASSERT_NE(pulse, lines.end());
  EXPECT_NE(pulse->find("\"source\":\"igtl\""), std::string::npos) << *pulse;
  EXPECT_NE(pulse->find("\"didt_a_per_us\":120.0"), std::string::npos) << *pulse;
  EXPECT_EQ(pulse->find("mep_uv"), std::string::npos) << "a NaN MEP is dropped, not written";
  EXPECT_NE(lines.back().find("pulse value dropped: mep=nan"), std::string::npos) << lines.back();
}

TEST_F(Navigation, TheSampleRateThinsSteadySamplesOnly) {
  script_->period_s = 0.02;
  auto r = request();
  r.sample_period_s = 0.1;
  ASSERT_TRUE(session_.start(r).ok());
  for (std::uint64_t i = 1; i <= 10; ++i) {
    feed(frameAt(now_));
    const auto give_up =
        std::chrono::steady_clock::now() + std::chrono::duration<double>(kHangBoundS);
    while (session_.tick().frames < i && std::chrono::steady_clock::now() < give_up)
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    now_ += 0.02;
  }
  ASSERT_TRUE(session_.stop().ok());
  // 10 frames over 0.2 s at one sample per 0.1 s: the first, and one per 0.1 s after it.
  EXPECT_LE(journalLines(), 3u);
  EXPECT_GE(journalLines(), 2u);
}

TEST(PulseMessages, OnlyPulseTextsWithValuesInRange) {
  EXPECT_FALSE(parsePulseMessage("hello").has_value());
  EXPECT_FALSE(parsePulseMessage("").has_value());
  EXPECT_FALSE(parsePulseMessage(std::string(1000, 'p')).has_value());
  auto m = parsePulseMessage("TRIGGER intensity=62.5 didt=1e9 foo=1 mep=850");
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->values.intensity_pct_mso, 62.5);
  EXPECT_FALSE(m->values.didt_a_per_us.has_value());
  EXPECT_EQ(m->values.mep_uv, 850.0);
  EXPECT_EQ(m->dropped.size(), 2u);
}

TEST(PulseTrainRules, TrainsAtTheRateOnlyWhileOnTarget) {
  auto spec = parsePulseTrain("10hz:4s:26s");
  ASSERT_TRUE(spec.ok()) << spec.error();
  EXPECT_FALSE(parsePulseTrain("10hz").ok());
  EXPECT_FALSE(parsePulseTrain("0hz:4s:26s").ok());
  EXPECT_FALSE(parsePulseTrain("10hz:4s:26sx").ok());
  PulseTrain t(*spec);
  EXPECT_EQ(t.due(0.0, false), 0);  // the clock starts on target
  int fired = 0;
  for (int i = 0; i < 6000; ++i) fired += t.due(1.0 + 0.01 * i, true);  // 60 s on target
  EXPECT_EQ(fired, 80);  // two trains of 4 s at 10 Hz (at 0 and 30 s; the third is at 60 s)
  PulseTrain off(*spec);
  EXPECT_EQ(off.due(0.0, true), 1);
  EXPECT_EQ(off.due(1.0, false), 0);  // off target: the 10 pulses due are not fired
  EXPECT_EQ(off.skipped(), 10);
}

TEST(RegistrationMonitorRules, CheckpointAndSecondReference) {
  RegistrationMonitor none;
  EXPECT_FALSE(none.confirmCheckpoint({0, 0, 0}).ok());

  RegistrationMonitor m(Eigen::Vector3d(0, -95, 0));
  TrackerFrame f = frameAt(0.0);
  m.observe(f);
  f.timestamp_s = 1.0;
  for (auto& t : f.tools)
    t.timestamp_s = 1.0, t.tool_to_tracker.translation() = Eigen::Vector3d(20, 0, 0);
  m.observe(f);  // 20 mm at once: a slip or a lurch, the checkpoint decides
  ASSERT_EQ(m.state(), RegistrationState::NeedsCheckpoint);
  auto close = m.confirmCheckpoint({1.5, -95, 1.0});
  ASSERT_TRUE(close.ok());
  EXPECT_NEAR(*close, std::sqrt(3.25), 1e-9);
  EXPECT_EQ(m.state(), RegistrationState::Valid);
  auto far = m.confirmCheckpoint({4, -95, 0});
  ASSERT_TRUE(far.ok());
  EXPECT_EQ(m.state(), RegistrationState::Invalid);
  EXPECT_FALSE(m.confirmCheckpoint({0, -95, 0}).ok()) << "invalid is final: re-register";

  RegistrationMonitor two(Eigen::Vector3d::Zero());
  TrackerFrame g = frameAt(0.0);
  ToolPose second = g.tools[1];
  second.tool = kSecondHeadRefTool;
  second.tool_to_tracker.translation() = Eigen::Vector3d(80, 0, 0);
  g.tools.push_back(second);
  two.observe(g);
  g.tools.back().tool_to_tracker.translation() = Eigen::Vector3d(81.5, 0, 0);
  two.observe(g);
  EXPECT_EQ(two.state(), RegistrationState::Valid);
  g.tools.back().tool_to_tracker.translation() = Eigen::Vector3d(82.5, 0, 0);
  two.observe(g);
  EXPECT_EQ(two.state(), RegistrationState::Invalid);
  EXPECT_NE(two.reason().find("relative to each other"), std::string::npos) << two.reason();
}

}  // namespace
}  // namespace tmsnav

namespace tmsnav {
namespace {
TEST(SweepCoverage, AdvisesWhereTheSweepLacksPoints) {
  // LPS: nose toward -y, left ear toward +x, up +z; a 90 mm head.
  const Eigen::Vector3d nasion(0, -90, 0), lpa(90, 0, 0), rpa(-90, 0, 0);
  std::vector<Eigen::Vector3d> right_only;
  for (int i = 0; i < 40; ++i) right_only.push_back({-90, -20.0 + i, 20});
  const auto c = sweepCoverage(right_only, nasion, lpa, rpa);
  ASSERT_EQ(c.regions.size(), 5u);
  EXPECT_EQ(c.regions[2].name, "right temple");
  EXPECT_EQ(c.regions[2].points, 40u);
  EXPECT_NE(std::find(c.advice.begin(), c.advice.end(), "add points over the left temple"),
            c.advice.end());
  EXPECT_EQ(std::find(c.advice.begin(), c.advice.end(), "add points over the right temple"),
            c.advice.end());
  std::vector<Eigen::Vector3d> everywhere;
  for (int i = 0; i < 20; ++i)
    for (const Eigen::Vector3d p :
         {Eigen::Vector3d(0, -90, 20), Eigen::Vector3d(90, 0, 20), Eigen::Vector3d(-90, 0, 20),
          Eigen::Vector3d(0, 0, 90), Eigen::Vector3d(0, 90, 20)})
      everywhere.push_back(p);
  EXPECT_TRUE(sweepCoverage(everywhere, nasion, lpa, rpa).advice.empty());
}
}  // namespace
}  // namespace tmsnav
