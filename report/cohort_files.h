#pragma once
// What `tmsnav cohort-report` writes: group.json (every figure, stable names, world RAS mm;
// no time and no absolute path, so two runs on the same plans give the same bytes) and
// index.html.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "report/cohort_report.h"
#include "report/report_files.h"

namespace tmsnav {

inline constexpr const char* kCohortFormat = "tmsnav-cohort-1";

// software: the version and source revision that wrote it.
nlohmann::json groupJson(const CohortReport& report, const std::string& software);

// subject_colours: "#rrggbb" per subject, in report.subjects' order (the plots' colours).
std::string groupHtml(const CohortReport& report, const std::vector<ReportPlot>& plots,
                      const std::vector<std::string>& subject_colours);

}  // namespace tmsnav
