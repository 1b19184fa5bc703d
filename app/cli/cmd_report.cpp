// `tmsnav report SESSION... --out DIR`: the repeatability of a course of sessions of one
// patient (issue 15). The figures come from report/; this file only chooses the plots and
// writes the files (summary.json, index.html, PNGs drawn on a private Xvfb when needed).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "app/cli/cli_support.h"
#include "app/cli/commands.h"
#include "io/plan_file.h"
#include "render/charts.h"
#include "report/report_files.h"

namespace tmsnav {

namespace {
constexpr int kPlotSide = 720;
constexpr double kMinMapHalfRangeMm = 5.0;

XyChart pulseMap(const CourseReport& c) {
  XyChart chart{"Where the pulses landed (target at 0, 0)",
                "target x (mm, across the handle)",
                "target y (mm, toward the handle)",
                {},
                kMinMapHalfRangeMm};
  for (size_t i = 0; i < c.sessions.size(); ++i) {
    ChartSeries s{c.sessions[i].label, {}, {}, seriesColour(i), false, 5.0f, seriesMarker(i)};
    for (const auto& m : c.sessions[i].map) {
      s.x.push_back(m.target_xy_mm.x());
      s.y.push_back(m.target_xy_mm.y());
      chart.half_range = std::max(chart.half_range, 1.15 * m.target_xy_mm.cwiseAbs().maxCoeff());
    }
    chart.series.push_back(std::move(s));
  }
  chart.series.push_back({"planned target", {0.0}, {0.0}, {0, 0, 0}, false, 18.0f, Marker::Cross});
  chart.half_range = std::ceil(chart.half_range);
  return chart;
}

XyChart errorOverTime(const CourseReport& c) {
  XyChart chart{"Position error over each session",
                "time since the session started (s)",
                "position error (mm)",
                {},
                0.0};
  for (size_t i = 0; i < c.sessions.size(); ++i) {
    ChartSeries s{c.sessions[i].label, {}, {}, seriesColour(i), true};
    for (const auto& [t, e] : c.sessions[i].error_over_time) s.x.push_back(t), s.y.push_back(e);
    chart.series.push_back(std::move(s));
  }
  return chart;
}

// MEPs as colours on the pulse map: five bins of equal width up to the largest MEP
// (viridis, dark to bright = small to large).
XyChart mepMap(const CourseReport& c) {
  static constexpr Rgb kViridis[5] = {
      {68, 1, 84}, {59, 82, 139}, {33, 145, 140}, {94, 201, 98}, {253, 231, 37}};
  XyChart chart = pulseMap(c);
  chart.title = "MEP amplitude at each pulse (target at 0, 0)";
  chart.series.clear();
  double top = 0;
  for (const auto& s : c.sessions)
    for (const auto& m : s.map)
      if (m.mep_uv) top = std::max(top, *m.mep_uv);
  for (int bin = 0; bin < 5; ++bin) {
    char name[64];
    std::snprintf(name, sizeof name, "MEP %.0f-%.0f uV", top * bin / 5, top * (bin + 1) / 5);
    ChartSeries s{name, {}, {}, kViridis[bin], false};
    for (const auto& session : c.sessions)
      for (const auto& m : session.map)
        if (m.mep_uv && std::min(4, static_cast<int>(*m.mep_uv / top * 5)) == bin)
          s.x.push_back(m.target_xy_mm.x()), s.y.push_back(m.target_xy_mm.y());
    chart.series.push_back(std::move(s));
  }
  chart.series.push_back({"planned target", {0.0}, {0.0}, {0, 0, 0}, false, 18.0f, Marker::Cross});
  return chart;
}

BoxChart errorBoxes(const CourseReport& c) {
  BoxChart chart{"Position error per session", "position error (mm)", {}, {}};
  for (const auto& s : c.sessions) {
    chart.names.push_back(s.label);
    chart.values.push_back(s.position_errors_mm);
  }
  return chart;
}

Result<std::vector<ReportPlot>> writePlots(const CourseReport& c,
                                           const std::filesystem::path& dir) {
  std::vector<ReportPlot> plots;
  const auto any = [&](auto member) {
    return std::any_of(c.sessions.begin(), c.sessions.end(),
                       [&](const SessionReport& s) { return !(s.*member).empty(); });
  };
  if (any(&SessionReport::map)) {
    if (auto w =
            writeXyChartPng(pulseMap(c), kPlotSide, kPlotSide, (dir / "pulse_map.png").string());
        !w)
      return Error{w.error()};
    plots.push_back(
        {"pulse_map.png",
         "Each pulse's coil centre in the target's tangent plane, one colour per session"});
  }
  if (c.hotspot) {
    if (auto w = writeXyChartPng(mepMap(c), kPlotSide, kPlotSide, (dir / "mep_map.png").string());
        !w)
      return Error{w.error()};
    plots.push_back(
        {"mep_map.png", "MEP amplitude at each pulse's coil centre (colour: amplitude)"});
  }
  if (any(&SessionReport::error_over_time)) {
    if (auto w = writeXyChartPng(errorOverTime(c), kPlotSide * 4 / 3, kPlotSide * 3 / 4,
                                 (dir / "error_over_time.png").string());
        !w)
      return Error{w.error()};
    plots.push_back(
        {"error_over_time.png", "Position error at each pulse (or sample) over each session"});
    if (auto w = writeBoxChartPng(errorBoxes(c), kPlotSide * 4 / 3, kPlotSide * 3 / 4,
                                  (dir / "position_error_boxes.png").string());
        !w)
      return Error{w.error()};
    plots.push_back(
        {"position_error_boxes.png", "Position error per session: min, quartiles, median, max"});
  }
  return plots;
}
}  // namespace

int runReport(const ReportArgs& a) {
  if (a.sessions.empty()) return fail(kExitBadInput, "give at least one session journal");
  auto read = readSessionJournals(a.sessions);
  if (!read) return fail(kExitBadInput, read.error());
  std::vector<SessionJournal> journals = std::move(*read);
  if (!a.plan.empty()) {
    auto plan = readPlan(a.plan);
    if (!plan) return fail(kExitBadInput, plan.error());
    for (const auto& j : journals)
      if (!j.header.mri_sha256.empty() && j.header.mri_sha256 != plan->mri_sha256)
        return fail(kExitBadInput, j.path + " was recorded on another MRI than " + a.plan +
                                       "'s (SHA-256 differs)");
  }
  if (!a.meps.empty()) {
    std::ifstream in(a.meps);
    if (!in) return fail(kExitBadInput, "cannot read " + a.meps);
    std::stringstream text;
    text << in.rdbuf();
    if (auto m = applyMepCsv(text.str(), journals); !m) return fail(kExitBadInput, m.error());
  }
  auto report = buildCourseReport(std::move(journals));
  if (!report) return fail(kExitBadInput, report.error());
  const std::filesystem::path dir(a.out);
  std::unique_ptr<PrivateXvfb> xvfb;
  if (int rc = prepareReportFolder(a.out, xvfb); rc != kExitOk) return rc;
  auto plots = writePlots(*report, dir);
  if (!plots) return fail(kExitFailure, plots.error());
  if (int rc = writeReportFiles(a.out, "summary.json", summaryJson(*report),
                                indexHtml(*report, *plots), *plots, a.json);
      rc != kExitOk)
    return rc;
  if (!a.json) {
    for (const auto& w : report->warnings) std::cerr << "warning: " << w << "\n";
    std::cout << report->sessions.size() << " sessions, spread "
              << (report->spread_rms_mm ? std::to_string(*report->spread_rms_mm) : "-")
              << " mm RMS -> " << (dir / "index.html").string() << "\n";
    for (const auto& s : report->sessions) {
      std::cout << s.label << ": E at the target ";
      if (s.target_e_v_per_m.n)
        std::cout << s.target_e_v_per_m.mean << " V/m (SD " << s.target_e_v_per_m.sd << ", "
                  << s.target_e_v_per_m.n << " pulses)\n";
      else
        std::cout << "absent: " << s.target_e_absent << "\n";
    }
    if (report->target_e_v_per_m_mean)
      std::cout << "E at the target across the course: " << *report->target_e_v_per_m_mean
                << " V/m over " << report->target_e_sessions << " sessions"
                << (report->target_e_spread_v_per_m
                        ? ", spread " + std::to_string(*report->target_e_spread_v_per_m) +
                              " V/m (" + std::to_string(*report->target_e_spread_pct) + " %)"
                        : std::string(" (no spread: one session)"))
                << "\n";
  }
  return kExitOk;
}

}  // namespace tmsnav
