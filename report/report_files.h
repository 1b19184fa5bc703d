#pragma once
// What `tmsnav report` writes: summary.json (every figure, stable names, world RAS mm and
// degrees) and index.html (the figures as tables, the plots embedded).
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "report/course_report.h"

namespace tmsnav {

inline constexpr const char* kReportFormat = "tmsnav-report-1";

nlohmann::json summaryJson(const CourseReport& report);

struct ReportPlot {
  std::string file;  // relative to index.html
  std::string caption;
};
// The plots as HTML figures, each with its caption.
std::string plotFigures(const std::vector<ReportPlot>& plots);
std::string indexHtml(const CourseReport& report, const std::vector<ReportPlot>& plots);

}  // namespace tmsnav
