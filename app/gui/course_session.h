#pragma once
// The open patient's course in the app (issue 15): the repeatability report over every
// session journal recorded on this MRI (read and computed off the UI thread, by report/,
// the same code as `tmsnav report`), and the depth-adjusted dose at each target.
#include <future>
#include <optional>
#include <string>
#include <vector>

#include "imaging/target_planner.h"
#include "planning/dose.h"
#include "report/course_report.h"

namespace tmsnav {

enum class CourseStatus { None, Running, Ready, Failed };
const char* toString(CourseStatus s);

class CourseSession {
 public:
  // The journals given (the study's) and every journal in `dir` whose header names this
  // MRI; finding and reading them and the statistics run on a worker thread (no sessions:
  // the report fails with the reason).
  [[nodiscard]] Result<Done> refresh(std::vector<std::string> journals, const std::string& dir,
                                     const std::string& mri_sha256);
  void poll();  // takes the worker's result when it is ready
  CourseStatus status() const { return status_; }
  const std::optional<CourseReport>& report() const { return report_; }
  const std::string& error() const { return error_; }
  // summary.json and index.html (the tables; `tmsnav report` adds the plots) in a new
  // folder under `dir`; returns that folder.
  [[nodiscard]] Result<std::string> save(const std::string& dir) const;

 private:
  CourseStatus status_ = CourseStatus::None;
  std::future<Result<CourseReport>> job_;
  std::optional<CourseReport> report_;
  std::string error_;
};

// The journals in `dir` recorded on the MRI with this SHA-256 (first lines only).
std::vector<std::string> journalsOfMri(const std::string& dir, const std::string& mri_sha256);

struct DoseSettings {
  double motor_threshold_pct_mso = 0.0;  // 0: not measured yet
  int m1_target = -1;                    // index in the target list; -1: none chosen
  double percent_of_mt = 100.0;
};

struct DoseRow {
  std::string target;
  std::optional<double> scalp_to_cortex_mm;
  std::optional<Dose> dose;  // with dose->refused when it cannot be given
  std::string problem;       // why there is no figure
};

std::vector<DoseRow> doseTable(const std::vector<PlannedTarget>& targets, const DoseSettings& s);

}  // namespace tmsnav
