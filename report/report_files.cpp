#include "report/report_files.h"

#include <algorithm>
#include <cstdio>
#include <sstream>

#include "core/coords.h"
#include "io/json_util.h"
#include "report/html_text.h"

namespace tmsnav {

namespace {
nlohmann::json orNull(const std::optional<double>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json();
}

nlohmann::json pointJson(const std::optional<Eigen::Vector3d>& p_lps) {
  return p_lps ? jsonVec(rasFromLps(*p_lps)) : nlohmann::json();
}

nlohmann::json statsJson(const ErrorStats& s) {
  if (s.n == 0) return nullptr;
  return {{"n", s.n},           {"mean", s.mean}, {"sd", s.sd},
          {"median", s.median}, {"p95", s.p95},   {"max", s.max}};
}

nlohmann::json sessionJson(const SessionReport& s) {
  nlohmann::json j = {{"path", s.path},
                      {"label", s.label},
                      {"started_utc", s.started_utc},
                      {"samples", s.samples},
                      {"pulses", s.pulses},
                      {"tracked_pulses", s.tracked_pulses},
                      {"pulses_on_target", s.pulses_on_target},
                      {"measured_from", s.measured_from},
                      {"on_target_fraction", s.on_target_fraction},
                      {"position_error_mm", statsJson(s.position_mm)},
                      {"tilt_error_deg", statsJson(s.tilt_deg)},
                      {"handle_error_deg", statsJson(s.handle_deg)},
                      {"time_to_first_on_target_s", orNull(s.time_to_first_on_target_s)},
                      {"centroid_ras_mm", pointJson(s.centroid_lps)},
                      {"mean_coil_axis_ras", pointJson(s.mean_axis_lps)},
                      {"shift_from_plan_mm", orNull(s.shift_from_plan_mm)},
                      {"shift_from_previous_mm", orNull(s.shift_from_previous_mm)},
                      {"motor_threshold_pct_mso", orNull(s.motor_threshold_pct_mso)},
                      {"notes", s.notes}};
  // E at the target over the tracked pulses that carry it (issue 29), beside the distances.
  const bool e = s.target_e_v_per_m.n > 0;
  j["target_e_pulses"] = s.target_e_v_per_m.n;
  j["target_e_v_per_m_mean"] = e ? nlohmann::json(s.target_e_v_per_m.mean) : nlohmann::json();
  j["target_e_v_per_m_sd"] = e ? nlohmann::json(s.target_e_v_per_m.sd) : nlohmann::json();
  j["target_e_absent"] = e ? nlohmann::json() : nlohmann::json(s.target_e_absent);
  j["stimulation"] = s.stimulation ? nlohmann::json{{"coil", s.stimulation->coil},
                                                    {"stimulator", s.stimulation->stimulator},
                                                    {"didt_at_100_pct_a_per_us",
                                                     s.stimulation->didt_at_100_a_per_us},
                                                    {"intensity_pct_mso",
                                                     s.stimulation->intensity_pct_mso}}
                                   : nlohmann::json();
  return j;
}

std::string stats(const ErrorStats& s) {
  if (s.n == 0) return "<td colspan=5>&ndash;</td>";
  return "<td>" + fixed(s.mean) + "</td><td>" + fixed(s.sd) + "</td><td>" + fixed(s.median) +
         "</td><td>" + fixed(s.p95) + "</td><td>" + fixed(s.max) + "</td>";
}
}  // namespace

nlohmann::json summaryJson(const CourseReport& c) {
  nlohmann::json j;
  j["format"] = kReportFormat;
  j["patient_id"] = c.patient_id;
  j["mri_sha256"] = c.mri_sha256;
  j["target"] = c.target_name;
  j["target_to_mri_ras"] =
      c.target_to_mri ? jsonMat(rasMatrixFromLps(c.target_to_mri->matrix())) : nlohmann::json();
  j["sessions"] = nlohmann::json::array();
  for (const auto& s : c.sessions) j["sessions"].push_back(sessionJson(s));
  nlohmann::json course = {{"sessions", c.sessions.size()},
                           {"centroid_ras_mm", pointJson(c.course_centroid_lps)},
                           {"spread_rms_mm", orNull(c.spread_rms_mm)},
                           {"angular_spread_deg", orNull(c.angular_spread_deg)},
                           {"drift_mm_per_session", orNull(c.drift_mm_per_session)},
                           {"target_e_sessions", c.target_e_sessions},
                           {"target_e_v_per_m_mean", orNull(c.target_e_v_per_m_mean)},
                           {"target_e_spread_v_per_m", orNull(c.target_e_spread_v_per_m)},
                           {"target_e_spread_pct", orNull(c.target_e_spread_pct)}};
  course["agreement"] = nlohmann::json::array();
  for (const auto& a : c.agreement)
    course["agreement"].push_back({{"first", a.first},
                                   {"second", a.second},
                                   {"measure", a.measure},
                                   {"pairs", a.pairs},
                                   {"bias", a.bias},
                                   {"lower_limit", a.lower},
                                   {"upper_limit", a.upper}});
  if (c.hotspot) {
    const Eigen::Vector3d p = rasFromLps(c.hotspot->p_lps);
    char spec[96];
    std::snprintf(spec, sizeof spec, "5cm-rule:%.1f,%.1f,%.1f", p.x(), p.y(), p.z());
    course["hotspot"] = {{"ras_mm", jsonVec(p)},
                         {"weighted_by", "mep_uv"},
                         {"pulses", c.hotspot->pulses},
                         {"max_mep_uv", c.hotspot->max_mep_uv},
                         {"five_cm_rule_target", spec}};
  } else {
    course["hotspot"] = nullptr;
  }
  j["course"] = course;
  j["reference"] = nlohmann::json::array();
  for (const auto& r : kReferenceFigures)
    j["reference"].push_back({{"what", r.what},
                              {"position_mm", r.position_mm},
                              {"angle_deg", r.angle_deg},
                              {"source", r.source}});
  j["warnings"] = c.warnings;
  return j;
}

std::string plotFigures(const std::vector<ReportPlot>& plots) {
  std::string o;
  for (const auto& p : plots)
    o += "<figure><img src=\"" + html(p.file) + "\" alt=\"" + html(p.caption) +
         "\" width=560><figcaption>" + html(p.caption) + "</figcaption></figure>\n";
  return o;
}

std::string indexHtml(const CourseReport& c, const std::vector<ReportPlot>& plots) {
  std::ostringstream o;
  o << htmlHead("tmsnav report: " + c.patient_id);
  o << "<h1>Repeatability report</h1>\n<p>Patient <b>" << html(c.patient_id) << "</b>, target <b>"
    << html(c.target_name) << "</b>, " << c.sessions.size()
    << " sessions. Positions in world RAS mm, angles in degrees. Every figure is also in "
    << "<a href=summary.json>summary.json</a>.</p>\n";
  for (const auto& w : c.warnings) o << "<p><b>Warning:</b> " << html(w) << "</p>\n";
  o << "<h2>Course</h2>\n<table><tr><th>figure</th><th>this patient</th>";
  for (const auto& r : kReferenceFigures)
    o << "<th>" << html(r.what) << "<br><small>" << html(r.source) << "</small></th>";
  o << "</tr>\n<tr><td>spread of session centroids (RMS, mm)</td><td>" << fixed(c.spread_rms_mm)
    << "</td>";
  for (const auto& r : kReferenceFigures) o << "<td>" << fixed(r.position_mm) << "</td>";
  o << "</tr>\n<tr><td>angular spread (RMS, deg)</td><td>" << fixed(c.angular_spread_deg)
    << "</td>";
  for (const auto& r : kReferenceFigures) o << "<td>" << fixed(r.angle_deg) << "</td>";
  o << "</tr>\n<tr><td>drift (mm per session)</td><td>" << fixed(c.drift_mm_per_session)
    << "</td><td colspan=" << std::size(kReferenceFigures) << "></td></tr>\n";
  o << "<tr><td>E at the target (mean of session means, V/m)</td><td>"
    << fixed(c.target_e_v_per_m_mean, 1) << "</td><td colspan=" << std::size(kReferenceFigures)
    << "></td></tr>\n<tr><td>spread of E at the target (SD of session means)</td><td>"
    << (c.target_e_spread_v_per_m ? fixed(c.target_e_spread_v_per_m, 1) + " V/m (" +
                                        fixed(c.target_e_spread_pct, 1) + " %)"
                                  : std::string("&ndash;"))
    << "</td><td colspan=" << std::size(kReferenceFigures) << "></td></tr></table>\n";
  if (c.target_e_sessions < c.sessions.size())
    o << "<p>E at the target: " << c.sessions.size() - c.target_e_sessions << " of "
      << c.sessions.size()
      << " sessions carry no E (journals from before E-field journaling, or sessions without "
         "a field model).</p>\n";
  if (c.hotspot) {
    const Eigen::Vector3d p = rasFromLps(c.hotspot->p_lps);
    o << "<p>MEP hotspot (MEP-weighted centre of " << c.hotspot->pulses << " pulses, largest MEP "
      << fixed(c.hotspot->max_mep_uv, 0) << " &micro;V): RAS (" << fixed(p.x(), 1) << ", "
      << fixed(p.y(), 1) << ", " << fixed(p.z(), 1) << ") mm. Plan the 5-cm rule from it with "
      << "<code>5cm-rule:" << fixed(p.x(), 1) << "," << fixed(p.y(), 1) << "," << fixed(p.z(), 1)
      << "</code>.</p>\n";
  }
  o << "<h2>Sessions</h2>\n<table><tr><th rowspan=2>session</th><th rowspan=2>started (UTC)</th>"
    << "<th rowspan=2>pulses</th><th rowspan=2>on target</th><th rowspan=2>first on target (s)</th>"
    << "<th colspan=5>position error (mm)</th><th colspan=5>tilt error (deg)</th>"
    << "<th rowspan=2>shift from plan (mm)</th><th rowspan=2>shift from previous "
       "(mm)</th><th rowspan=2>E at target (V/m, mean &plusmn; SD)</th></tr>\n<tr>";
  for (int k = 0; k < 2; ++k)
    o << "<th>mean</th><th>SD</th><th>median</th><th>95th</th><th>max</th>";
  o << "</tr>\n";
  for (const auto& s : c.sessions) {
    std::string started = s.started_utc.substr(0, 16);  // to the minute
    std::replace(started.begin(), started.end(), 'T', ' ');
    o << "<tr><td>" << html(s.label) << "</td><td>" << html(started) << "</td><td>" << s.pulses
      << (s.measured_from == "samples" ? " (from samples)" : "") << "</td><td>"
      << fixed(100.0 * s.on_target_fraction, 0) << " %</td><td>"
      << fixed(s.time_to_first_on_target_s, 1) << "</td>" << stats(s.position_mm)
      << stats(s.tilt_deg) << "<td>" << fixed(s.shift_from_plan_mm) << "</td><td>"
      << fixed(s.shift_from_previous_mm) << "</td><td>"
      << (s.target_e_v_per_m.n ? fixed(s.target_e_v_per_m.mean, 1) + " &plusmn; " +
                                     fixed(s.target_e_v_per_m.sd, 1)
                               : "&ndash; (" + html(s.target_e_absent) + ")")
      << "</td></tr>\n";
  }
  o << "</table>\n";
  if (!c.agreement.empty()) {
    o << "<h2>Agreement of consecutive sessions (Bland-Altman, position error, pulses paired in "
         "order)</h2>\n<table><tr><th>sessions</th><th>pairs</th><th>bias (mm)</th><th>limits of "
         "agreement (mm)</th></tr>\n";
    for (const auto& a : c.agreement)
      o << "<tr><td>" << html(c.sessions[a.first].label) << " &rarr; "
        << html(c.sessions[a.second].label) << "</td><td>" << a.pairs << "</td><td>"
        << fixed(a.bias) << "</td><td>" << fixed(a.lower) << " to " << fixed(a.upper)
        << "</td></tr>\n";
    o << "</table>\n";
  }
  o << "<h2>Plots</h2>\n";
  o << plotFigures(plots);
  o << "</body></html>\n";
  return o.str();
}

}  // namespace tmsnav
