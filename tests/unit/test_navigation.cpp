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

#include "navigation/pulse_train.h"
#include "navigation/sweep_coverage.h"
#include "tests/unit/navigation_fixture.h"
#include "tracking/session_log_reader.h"

namespace tmsnav {
namespace {

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
