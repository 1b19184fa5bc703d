// Issue 15: the course report's figures on journals built with known answers.
#include <gtest/gtest.h>

#include "report/course_report.h"

using namespace tmsnav;

namespace {
constexpr double kTolMm = 1e-9;

Transform<frame::Coil, frame::Mri> at(const Eigen::Vector3d& p) {
  Eigen::Isometry3d m = Eigen::Isometry3d::Identity();
  m.translation() = p;
  return Transform<frame::Coil, frame::Mri>(m);
}

// A session whose pulses land at `centre` +- 1 mm along x, errors 1, 2, 3... mm.
SessionJournal session(const std::string& label, double start, const Eigen::Vector3d& centre,
                       int pulses) {
  SessionJournal j;
  j.path = label + ".jsonl";
  j.header.format = "tmsnav-session-1";
  j.header.patient_id = "p1";
  j.header.mri_sha256 = "abc";
  j.header.session_label = label;
  j.header.started_unix_s = start;
  j.header.target_to_mri = Transform<frame::Target, frame::Mri>(Eigen::Isometry3d::Identity());
  j.samples.push_back({0.0, "off_target", 9.0, 1.0, 1.0, at(centre)});
  j.samples.push_back({2.5, "on_target", 1.0, 1.0, 1.0, at(centre)});
  for (int i = 0; i < pulses; ++i) {
    JournalPulse p;
    p.number = static_cast<std::uint64_t>(i + 1);
    p.tracked = true;
    const double side = i % 2 ? 1.0 : -1.0;
    p.pose = {3.0 + i, "on_target", 1.0 + i, 0.5, 2.0, at(centre + Eigen::Vector3d(side, 0, 0))};
    j.pulses.push_back(p);
  }
  return j;
}
}  // namespace

TEST(CourseReport, ErrorStatisticsUseTheUsualDefinitions) {
  const auto s = errorStats({5, 1, 4, 2, 3});
  EXPECT_EQ(s.n, 5u);
  EXPECT_DOUBLE_EQ(s.mean, 3.0);
  EXPECT_DOUBLE_EQ(s.median, 3.0);
  EXPECT_DOUBLE_EQ(s.sd, std::sqrt(2.5));  // sample SD
  EXPECT_DOUBLE_EQ(s.p95, 4.8);            // linear interpolation
  EXPECT_DOUBLE_EQ(s.max, 5.0);
  EXPECT_EQ(errorStats({}).n, 0u);
}

TEST(CourseReport, SpreadDriftShiftsAndAgreementOfAKnownCourse) {
  // Three sessions, given out of order, centroids 0, 2 and 4 mm along y from the plan.
  std::vector<SessionJournal> journals = {session("c", 300, {0, 4, 0}, 4),
                                          session("a", 100, {0, 0, 0}, 4),
                                          session("b", 200, {0, 2, 0}, 4)};
  auto r = buildCourseReport(journals);
  ASSERT_TRUE(r.ok()) << r.error();
  ASSERT_EQ(r->sessions.size(), 3u);
  EXPECT_EQ(r->sessions[0].label, "a");  // ordered by their start
  EXPECT_EQ(r->sessions[2].label, "c");
  EXPECT_NEAR(*r->sessions[2].shift_from_plan_mm, 4.0, kTolMm);
  EXPECT_NEAR(*r->sessions[1].shift_from_previous_mm, 2.0, kTolMm);
  EXPECT_NEAR(*r->spread_rms_mm, std::sqrt(8.0 / 3.0), kTolMm);
  EXPECT_NEAR(*r->drift_mm_per_session, 2.0, kTolMm);
  EXPECT_NEAR(*r->angular_spread_deg, 0.0, 1e-6);
  EXPECT_EQ(r->sessions[0].measured_from, "pulses");
  EXPECT_NEAR(*r->sessions[0].time_to_first_on_target_s, 2.5, kTolMm);
  EXPECT_EQ(r->sessions[0].position_mm.n, 4u);
  EXPECT_DOUBLE_EQ(r->sessions[0].position_mm.mean, 2.5);
  ASSERT_EQ(r->agreement.size(), 2u);
  EXPECT_DOUBLE_EQ(r->agreement[0].bias, 0.0);  // equal errors pulse by pulse
  EXPECT_EQ(r->agreement[0].pairs, 4u);
  ASSERT_EQ(r->sessions[0].map.size(), 4u);
  EXPECT_NEAR(std::abs(r->sessions[0].map[0].target_xy_mm.x()), 1.0, kTolMm);
}

TEST(CourseReport, ASessionWithoutPulsesIsReportedFromItsSamples) {
  auto r = buildCourseReport({session("a", 100, {1, 0, 0}, 0)});
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r->sessions[0].measured_from, "samples");
  EXPECT_EQ(r->sessions[0].position_mm.n, 2u);
  EXPECT_NEAR(*r->sessions[0].shift_from_plan_mm, 1.0, kTolMm);
  EXPECT_DOUBLE_EQ(r->sessions[0].on_target_fraction, 0.5);
}

TEST(CourseReport, SessionsOfAnotherPatientAreRefused) {
  auto other = session("b", 200, {0, 0, 0}, 2);
  other.header.mri_sha256 = "def";
  auto r = buildCourseReport({session("a", 100, {0, 0, 0}, 2), other});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().find("another MRI"), std::string::npos) << r.error();
}

TEST(Meps, TheHotspotIsTheMepWeightedCentreAndTheCsvIsChecked) {
  std::vector<SessionJournal> s = {session("a", 100, {0, 0, 0}, 2)};  // pulses at x = -1, +1
  ASSERT_TRUE(applyMepCsv("pulse,mep_uv\n1,100\n2,300\n", s).ok());
  const auto h = mepHotspot(s);
  ASSERT_TRUE(h.has_value());
  EXPECT_NEAR(h->p_lps.x(), 0.5, kTolMm);  // (-1 * 100 + 1 * 300) / 400
  EXPECT_EQ(h->pulses, 2u);
  EXPECT_FALSE(applyMepCsv("pulse,mep_uv\n3,100\n", s).ok());     // no such pulse
  EXPECT_FALSE(applyMepCsv("pulse,mep_uv\n1,nan\n", s).ok());     // not a number
  EXPECT_FALSE(applyMepCsv("pulse,amplitude\n1,100\n", s).ok());  // no mep_uv column
  s.push_back(session("b", 200, {0, 0, 0}, 2));
  EXPECT_FALSE(applyMepCsv("pulse,mep_uv\n1,100\n", s).ok());  // which session?
  EXPECT_TRUE(applyMepCsv("session,pulse,mep_uv\nb,1,50\n", s).ok());
  EXPECT_EQ(s[1].pulses[0].mep_uv, 50.0);
}

// Issue 29: E at the target per session (mean, SD over its tracked pulses) and across the
// course (the session means' mean and SD, in V/m and %), on journals with known values;
// a journal without E is still read and says so.
TEST(CourseReport, FieldAtTheTargetPerSessionAndAcrossTheCourse) {
  constexpr double kTolVPerM = 1e-9;
  // Session a: 100, 110, 120 V/m (mean 110, SD 10); b: 130, 130 (mean 130, SD 0); c: none.
  auto a = session("a", 100, {0, 0, 0}, 3);
  auto b = session("b", 200, {0, 0, 0}, 2);
  auto c = session("c", 300, {0, 0, 0}, 2);
  const double ea[] = {100, 110, 120};
  for (size_t i = 0; i < 3; ++i) a.pulses[i].target_e_v_per_m = ea[i];
  for (auto& p : b.pulses) p.target_e_v_per_m = 130.0;
  // An untracked pulse's E is never counted (the reader drops it; here it is planted).
  JournalPulse untracked;
  untracked.number = 9;
  untracked.target_e_v_per_m = 500.0;
  b.pulses.push_back(untracked);
  a.header.stimulation = Stimulation{"figure8_70mm", "Magstim Rapid", 114.73, 60.0};
  auto r = buildCourseReport({a, b, c});
  ASSERT_TRUE(r.ok()) << r.error();
  const auto& s = r->sessions;
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(s[0].target_e_v_per_m.n, 3u);
  EXPECT_NEAR(s[0].target_e_v_per_m.mean, 110.0, kTolVPerM);
  EXPECT_NEAR(s[0].target_e_v_per_m.sd, 10.0, kTolVPerM);
  EXPECT_EQ(s[1].target_e_v_per_m.n, 2u);
  EXPECT_NEAR(s[1].target_e_v_per_m.mean, 130.0, kTolVPerM);
  EXPECT_EQ(s[2].target_e_v_per_m.n, 0u);
  EXPECT_NE(s[2].target_e_absent.find("carries no E"), std::string::npos) << s[2].target_e_absent;
  // Across the course: sessions with E only; mean 120, SD of (110, 130) = 14.142 = 11.785 %.
  EXPECT_EQ(r->target_e_sessions, 2u);
  ASSERT_TRUE(r->target_e_v_per_m_mean.has_value());
  EXPECT_NEAR(*r->target_e_v_per_m_mean, 120.0, kTolVPerM);
  EXPECT_NEAR(*r->target_e_spread_v_per_m, std::sqrt(200.0), kTolVPerM);
  EXPECT_NEAR(*r->target_e_spread_pct, 100.0 * std::sqrt(200.0) / 120.0, kTolVPerM);
  // No session with E: no course figure, never a zero.
  auto none = buildCourseReport({c});
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->target_e_v_per_m_mean.has_value());
  EXPECT_FALSE(none->target_e_spread_pct.has_value());
}
