#include "app/gui/course_session.h"

#include <algorithm>
#include <ctime>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "core/atomic_file.h"
#include "report/report_files.h"

namespace tmsnav {

namespace {
// The given journals and the folder's journals of this MRI, each once, read and reported.
Result<CourseReport> readCourse(std::vector<std::string> paths, const std::string& dir,
                                const std::string& mri_sha256) {
  if (!mri_sha256.empty())
    for (auto& path : journalsOfMri(dir, mri_sha256)) paths.push_back(std::move(path));
  std::sort(paths.begin(), paths.end());
  paths.erase(std::unique(paths.begin(), paths.end()), paths.end());
  std::erase_if(paths, [](const std::string& p) { return !std::filesystem::exists(p); });
  if (paths.empty()) return Error{"no sessions recorded on this patient yet"};
  auto journals = readSessionJournals(paths);
  if (!journals) return Error{journals.error()};
  return buildCourseReport(std::move(*journals));
}
}  // namespace

const char* toString(CourseStatus s) {
  switch (s) {
    case CourseStatus::None:
      return "none";
    case CourseStatus::Running:
      return "running";
    case CourseStatus::Ready:
      return "ready";
    case CourseStatus::Failed:
      return "failed";
  }
  return "?";
}

std::vector<std::string> journalsOfMri(const std::string& dir, const std::string& mri_sha256) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.path().extension() != ".jsonl") continue;
    const auto h = readJournalHeader(entry.path().string());
    if (h && h->mri_sha256 == mri_sha256) out.push_back(entry.path().string());
  }
  return out;
}

Result<Done> CourseSession::refresh(std::vector<std::string> journals, const std::string& dir,
                                    const std::string& mri_sha256) {
  if (status_ == CourseStatus::Running) return Error{"the course report is already being made"};
  status_ = CourseStatus::Running;
  error_.clear();
  // Exceptions never cross the thread: readCourse returns errors as values.
  // The folder is scanned and the journals read on the worker: never on the UI thread.
  job_ = std::async(std::launch::async, [journals = std::move(journals), dir, mri_sha256] {
    try {
      return readCourse(journals, dir, mri_sha256);
    } catch (const std::exception& e) {
      return Result<CourseReport>(Error{std::string("the course report failed: ") + e.what()});
    }
  });
  return Done{};
}

void CourseSession::poll() {
  if (status_ != CourseStatus::Running || !job_.valid() ||
      job_.wait_for(std::chrono::seconds(0)) != std::future_status::ready)
    return;
  auto r = job_.get();
  if (r) {
    report_ = std::move(*r);
    status_ = CourseStatus::Ready;
  } else {
    error_ = r.error();
    status_ = CourseStatus::Failed;
  }
}

Result<std::string> CourseSession::save(const std::string& dir) const {
  if (!report_) return Error{"make the course report first"};
  char stamp[32];
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  std::strftime(stamp, sizeof stamp, "report-%Y%m%d-%H%M%S", &local);
  const auto folder = std::filesystem::path(dir) / stamp;
  std::error_code ec;
  std::filesystem::create_directories(folder, ec);
  if (ec) return Error{"cannot create " + folder.string() + ": " + ec.message()};
  if (auto w = writeTextAtomically((folder / "summary.json").string(),
                                   summaryJson(*report_).dump(2) + "\n");
      !w)
    return Error{w.error()};
  if (auto w = writeTextAtomically((folder / "index.html").string(), indexHtml(*report_, {})); !w)
    return Error{w.error()};
  return folder.string();
}

std::vector<DoseRow> doseTable(const std::vector<PlannedTarget>& targets, const DoseSettings& s) {
  std::vector<DoseRow> rows;
  const bool m1_ok = s.m1_target >= 0 && s.m1_target < static_cast<int>(targets.size()) &&
                     targets[static_cast<size_t>(s.m1_target)].scalp_to_cortex_mm;
  for (const auto& t : targets) {
    DoseRow row{t.name, t.scalp_to_cortex_mm, std::nullopt, ""};
    if (s.motor_threshold_pct_mso <= 0)
      row.problem = "enter the motor threshold";
    else if (!m1_ok)
      row.problem = "choose the M1 target (with a cortex beneath it)";
    else if (!t.scalp_to_cortex_mm)
      row.problem = "no cortex beneath this target";
    else if (auto d =
                 depthAdjustedDose({s.motor_threshold_pct_mso,
                                    *targets[static_cast<size_t>(s.m1_target)].scalp_to_cortex_mm,
                                    *t.scalp_to_cortex_mm, kStokesSlopePctPerMm, s.percent_of_mt}))
      row.dose = *d;
    else
      row.problem = d.error();
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace tmsnav
