#include "report/course_report.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/coords.h"

namespace tmsnav {

namespace {
// Two sessions whose planned coil centres are farther apart than this were guided to
// different targets: the course is still reported, with a warning.
constexpr double kSameTargetMm = 1.0;
constexpr double kLimitsOfAgreementZ = 1.96;

// Linear interpolation between order statistics (R's type 7).
double quantile(const std::vector<double>& sorted, double q) {
  const double at = q * static_cast<double>(sorted.size() - 1);
  const size_t lo = static_cast<size_t>(std::floor(at));
  const size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (at - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

bool onTarget(const JournalPose& p) {
  return p.state == "on_target";
}

// The poses a session is measured by: tracked pulses (with their MEPs), else usable
// samples.
struct Measured {
  const JournalPose* pose;
  std::optional<double> mep_uv;
};
std::vector<Measured> measuredPoses(const SessionJournal& j, std::string& from) {
  std::vector<Measured> out;
  for (const auto& p : j.pulses)
    if (p.tracked && p.pose.coil_to_mri) out.push_back({&p.pose, p.mep_uv});
  from = "pulses";
  if (!out.empty() || !j.pulses.empty()) return out;
  from = "samples";
  for (const auto& s : j.samples)
    if (s.coil_to_mri && s.state != "not_tracking") out.push_back({&s, std::nullopt});
  return out;
}

void fillErrors(SessionReport& r, const std::vector<Measured>& poses) {
  std::vector<double> pos, tilt, handle;
  for (const auto& [p, mep] : poses) {
    if (p->position_error_mm) pos.push_back(*p->position_error_mm);
    if (p->tilt_error_deg) tilt.push_back(std::abs(*p->tilt_error_deg));
    if (p->handle_error_deg) handle.push_back(std::abs(*p->handle_error_deg));
    if (p->position_error_mm) r.error_over_time.emplace_back(p->t_s, *p->position_error_mm);
  }
  r.position_errors_mm = pos;
  r.position_mm = errorStats(pos);
  r.tilt_deg = errorStats(tilt);
  r.handle_deg = errorStats(handle);
}

void fillPlacement(SessionReport& r, const std::vector<Measured>& poses,
                   const std::optional<Transform<frame::Target, frame::Mri>>& target) {
  if (poses.empty()) return;
  Eigen::Vector3d sum = Eigen::Vector3d::Zero(), axis = Eigen::Vector3d::Zero();
  for (const auto& [p, mep] : poses) {
    sum += p->coil_to_mri->iso().translation();
    axis += p->coil_to_mri->iso().linear().col(2);
  }
  r.centroid_lps = sum / static_cast<double>(poses.size());
  if (axis.norm() > 0) r.mean_axis_lps = axis.normalized();
  if (!target) return;
  r.shift_from_plan_mm = (*r.centroid_lps - target->iso().translation()).norm();
  const Eigen::Isometry3d mri_to_target = target->iso().inverse();
  for (const auto& [p, mep] : poses)
    r.map.push_back({p->t_s, (mri_to_target * p->coil_to_mri->iso().translation()).head<2>(), mep});
}

// The E the session's tracked pulses carried at the target, or why there is none.
void fillField(SessionReport& r, const SessionJournal& j) {
  r.stimulation = j.header.stimulation;
  std::vector<double> e;
  for (const auto& p : j.pulses)
    if (p.tracked && p.target_e_v_per_m) e.push_back(*p.target_e_v_per_m);
  r.target_e_v_per_m = errorStats(e);
  if (!e.empty()) return;
  if (j.pulses.empty())
    r.target_e_absent = "no pulses";
  else if (std::none_of(j.pulses.begin(), j.pulses.end(), [](const auto& p) { return p.tracked; }))
    r.target_e_absent = "no tracked pulses";
  else if (!j.header.stimulation)
    r.target_e_absent =
        "the journal carries no E (recorded before E-field journaling or without a field model: "
        "record with `track --efield`, or in the app with a brain model)";
  else
    r.target_e_absent = "no pulse carries an E (no field model in this session)";
}

SessionReport sessionReport(const SessionJournal& j,
                            const std::optional<Transform<frame::Target, frame::Mri>>& target) {
  SessionReport r;
  r.path = j.path;
  r.label = j.header.session_label;
  r.started_utc = j.header.started_utc;
  r.started_unix_s = j.header.started_unix_s;
  r.samples = j.samples.size();
  r.pulses = j.pulses.size();
  r.motor_threshold_pct_mso = j.header.motor_threshold_pct_mso;
  for (const auto& n : j.notes) r.notes.push_back(n.text);
  for (const auto& p : j.pulses) {
    r.tracked_pulses += p.tracked;
    r.pulses_on_target += onTarget(p.pose);
  }
  for (const auto& s : j.samples)
    if (onTarget(s)) {
      r.time_to_first_on_target_s = s.t_s;
      break;
    }
  const auto poses = measuredPoses(j, r.measured_from);
  if (r.measured_from == "pulses") {
    r.on_target_fraction =
        r.pulses ? static_cast<double>(r.pulses_on_target) / static_cast<double>(r.pulses) : 0.0;
  } else {
    const auto on = std::count_if(j.samples.begin(), j.samples.end(), onTarget);
    r.on_target_fraction =
        r.samples ? static_cast<double>(on) / static_cast<double>(r.samples) : 0.0;
  }
  fillErrors(r, poses);
  fillPlacement(r, poses, target);
  fillField(r, j);
  return r;
}

void fillCourse(CourseReport& c) {
  std::vector<const SessionReport*> placed;
  for (const auto& s : c.sessions)
    if (s.centroid_lps) placed.push_back(&s);
  if (placed.empty()) return;
  Eigen::Vector3d centre = Eigen::Vector3d::Zero(), axis = Eigen::Vector3d::Zero();
  for (const auto* s : placed) {
    centre += *s->centroid_lps;
    if (s->mean_axis_lps) axis += *s->mean_axis_lps;
  }
  centre /= static_cast<double>(placed.size());
  c.course_centroid_lps = centre;
  double sq = 0.0, ang = 0.0;
  for (const auto* s : placed) {
    sq += (*s->centroid_lps - centre).squaredNorm();
    if (s->mean_axis_lps && axis.norm() > 0) {
      const double cosine = std::clamp(s->mean_axis_lps->dot(axis.normalized()), -1.0, 1.0);
      ang += std::pow(std::acos(cosine), 2);
    }
  }
  const double n = static_cast<double>(placed.size());
  c.spread_rms_mm = std::sqrt(sq / n);
  c.angular_spread_deg = degFromRad(std::sqrt(ang / n));
  if (placed.size() < 2) return;
  // Drift: the least-squares slope of the centroid against the session's place in the
  // course (a vector, mm per session); its length is reported.
  Eigen::Vector3d slope = Eigen::Vector3d::Zero();
  double ss = 0.0;
  const double mid = (n - 1.0) / 2.0;
  for (size_t i = 0; i < placed.size(); ++i) {
    const double x = static_cast<double>(i) - mid;
    slope += x * (*placed[i]->centroid_lps - centre);
    ss += x * x;
  }
  c.drift_mm_per_session = (slope / ss).norm();
}

void fillCourseField(CourseReport& c) {
  std::vector<double> means;
  for (const auto& s : c.sessions)
    if (s.target_e_v_per_m.n > 0) means.push_back(s.target_e_v_per_m.mean);
  c.target_e_sessions = means.size();
  if (means.empty()) return;
  const ErrorStats st = errorStats(means);
  c.target_e_v_per_m_mean = st.mean;
  if (means.size() < 2) return;  // one session has no spread (never a zero)
  c.target_e_spread_v_per_m = st.sd;
  if (st.mean > 0) c.target_e_spread_pct = 100.0 * st.sd / st.mean;
}

void fillAgreement(CourseReport& c) {
  for (size_t i = 1; i < c.sessions.size(); ++i) {
    const auto& a = c.sessions[i - 1].position_errors_mm;
    const auto& b = c.sessions[i].position_errors_mm;
    const size_t pairs = std::min(a.size(), b.size());
    if (pairs < 2) continue;
    std::vector<double> d(pairs);
    for (size_t k = 0; k < pairs; ++k) d[k] = b[k] - a[k];
    const auto st = errorStats(d);
    c.agreement.push_back({i - 1, i, "position_error_mm", pairs, st.mean,
                           st.mean - kLimitsOfAgreementZ * st.sd,
                           st.mean + kLimitsOfAgreementZ * st.sd});
  }
}
}  // namespace

ErrorStats errorStats(std::vector<double> v) {
  ErrorStats s;
  s.n = v.size();
  if (v.empty()) return s;
  std::sort(v.begin(), v.end());
  const double n = static_cast<double>(v.size());
  s.mean = std::accumulate(v.begin(), v.end(), 0.0) / n;
  double sq = 0.0;
  for (double x : v) sq += (x - s.mean) * (x - s.mean);
  s.sd = v.size() > 1 ? std::sqrt(sq / (n - 1.0)) : 0.0;
  s.median = quantile(v, 0.5);
  s.p95 = quantile(v, 0.95);
  s.max = v.back();
  return s;
}

Result<CourseReport> buildCourseReport(std::vector<SessionJournal> journals) {
  if (journals.empty()) return Error{"no sessions to report"};
  if (auto one = checkOnePatient(journals); !one) return Error{one.error()};
  std::stable_sort(journals.begin(), journals.end(), [](const auto& a, const auto& b) {
    return a.header.started_unix_s < b.header.started_unix_s;
  });
  CourseReport c;
  for (const auto& j : journals) {
    if (c.patient_id.empty()) c.patient_id = j.header.patient_id;
    if (c.mri_sha256.empty()) c.mri_sha256 = j.header.mri_sha256;
    if (!c.target_to_mri && j.header.target_to_mri) {
      c.target_to_mri = j.header.target_to_mri;
      c.target_name = j.header.target_name;
    }
    for (const auto& w : j.warnings) c.warnings.push_back(w);
  }
  for (size_t i = 0; i < journals.size(); ++i) {
    const auto& own = journals[i].header.target_to_mri;
    if (own && c.target_to_mri &&
        (own->iso().translation() - c.target_to_mri->iso().translation()).norm() > kSameTargetMm)
      c.warnings.push_back(journals[i].path +
                           " was guided to another target than the first session's");
    c.sessions.push_back(sessionReport(journals[i], own ? own : c.target_to_mri));
    if (c.sessions.back().label.empty())
      c.sessions.back().label = "session " + std::to_string(i + 1);
  }
  for (size_t i = 1; i < c.sessions.size(); ++i)
    if (c.sessions[i].centroid_lps && c.sessions[i - 1].centroid_lps)
      c.sessions[i].shift_from_previous_mm =
          (*c.sessions[i].centroid_lps - *c.sessions[i - 1].centroid_lps).norm();
  fillCourse(c);
  fillCourseField(c);
  fillAgreement(c);
  c.hotspot = mepHotspot(journals);
  return c;
}

}  // namespace tmsnav
