// `tmsnav cohort-report DERIVATIVES --out DIR`: a cohort's plans side by side (issue 17).
// The figures come from report/cohort_report; this file chooses the plots and writes the
// files (group.json, index.html, PNGs drawn on a private Xvfb when needed).
#include <filesystem>
#include <iostream>

#include "app/cli/cli_support.h"
#include "app/cli/commands.h"
#include "app/cli/scene_shot.h"
#include "app/version.h"
#include "imaging/head_model.h"
#include "imaging/mni_registration.h"
#include "render/charts.h"
#include "report/cohort_files.h"

namespace tmsnav {

namespace {
constexpr int kPlotWidth = 960, kPlotHeight = 640;

std::string hexColour(const Rgb& c) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "#%02x%02x%02x", c[0], c[1], c[2]);
  return buf;
}

// Each method's scalp entry against the first method's, per subject.
BoxChart distanceBoxes(const CohortReport& r) {
  BoxChart chart{"Distance between scalp entries, per subject", "distance (mm)", {}, {}};
  for (const auto& p : r.pairs)
    if (p.a == r.methods.front().name) {
      chart.names.push_back(p.b + " vs " + p.a);
      chart.values.push_back(p.entry_distance_mm);
    }
  return chart;
}

BoxChart depthBoxes(const CohortReport& r) {
  BoxChart chart{"Scalp to cortex along the coil axis", "depth (mm)", {}, {}};
  for (const auto& m : r.methods) {
    chart.names.push_back(m.name);
    chart.values.push_back(m.depth_mm);
  }
  return chart;
}

// Every subject's entries carried into MNI space, on Colin27's scalp (which is in MNI space).
Result<Done> targetsOnColin27(const CohortReport& r, const std::string& path) {
  auto ch2 = loadVolume(kMniTemplate);
  if (!ch2) return Error{"Colin27 is missing (install mricron-data): " + ch2.error()};
  auto head = buildHeadModel(*ch2, {});
  if (!head) return Error{head.error()};
  std::vector<Scene::ColouredPoint> points;
  for (size_t i = 0; i < r.subjects.size(); ++i)
    for (const auto& t : r.subjects[i].targets)
      if (t.entry_mni_lps) points.push_back({*t.entry_mni_lps, seriesColour(i)});
  return renderPointsShot(head->scalp_lps, points,
                          "scalp entries in MNI space on Colin27, one colour per subject",
                          kPlotWidth, kPlotHeight, path);
}

Result<std::vector<ReportPlot>> writePlots(const CohortReport& r,
                                           const std::filesystem::path& dir) {
  std::vector<ReportPlot> plots;
  if (r.methods.empty()) return plots;  // every subject refused
  if (auto w = targetsOnColin27(r, (dir / "targets_on_colin27.png").string()); !w)
    return Error{w.error()};
  plots.push_back({"targets_on_colin27.png",
                   "Every method's scalp entry, carried into MNI space through each subject's "
                   "registration, on Colin27; one colour per subject (table above)"});
  if (r.methods.size() > 1) {
    if (auto w = writeBoxChartPng(distanceBoxes(r), kPlotWidth, kPlotHeight,
                                  (dir / "entry_distances.png").string());
        !w)
      return Error{w.error()};
    plots.push_back({"entry_distances.png", "Distance from each method's scalp entry to " +
                                                r.methods.front().name +
                                                "'s, one value per subject"});
  }
  if (auto w =
          writeBoxChartPng(depthBoxes(r), kPlotWidth, kPlotHeight, (dir / "depth.png").string());
      !w)
    return Error{w.error()};
  plots.push_back({"depth.png", "Scalp-to-cortex depth along the coil axis, per method"});
  return plots;
}
}  // namespace

int runCohortReport(const CohortReportArgs& a) {
  auto report = readCohort(a.derivatives);
  if (!report) return fail(kExitBadInput, report.error());
  const std::filesystem::path dir(a.out);
  std::unique_ptr<PrivateXvfb> xvfb;
  if (int rc = prepareReportFolder(a.out, xvfb); rc != kExitOk) return rc;
  auto plots = writePlots(*report, dir);
  if (!plots) return fail(kExitFailure, plots.error());
  std::vector<std::string> colours;
  for (size_t i = 0; i < report->subjects.size(); ++i)
    colours.push_back(hexColour(seriesColour(i)));
  const std::string software =
      std::string("tmsnav ") + versionString() + " (revision " + sourceRevision() + ")";
  if (int rc = writeReportFiles(a.out, "group.json", groupJson(*report, software),
                                groupHtml(*report, *plots, colours), *plots, a.json);
      rc != kExitOk)
    return rc;
  if (!a.json) {
    std::cout << report->subjects.size() << " subjects (" << report->refused.size() << " refused, "
              << report->flagged.size() << " flagged) -> " << (dir / "index.html").string() << "\n";
  }
  return kExitOk;
}

}  // namespace tmsnav
