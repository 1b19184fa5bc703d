// Issue 15: the session journal: its header, pulses (keys, the stimulator's messages, the
// simulated protocol), notes and the sample rate.
#include <gtest/gtest.h>

#include <algorithm>

#include "navigation/pulse_train.h"
#include "tests/unit/navigation_fixture.h"
#include "tracking/session_log_reader.h"

namespace tmsnav {
namespace {

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

}  // namespace
}  // namespace tmsnav
