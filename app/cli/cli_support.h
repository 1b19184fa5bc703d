#pragma once
// The command-line contract: exactly one JSON object on stdout with --json, one
// "error: ..." line on stderr, exit 2 for bad input and 1 for other failures.
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/display.h"
#include "imaging/progress.h"
#include "report/report_files.h"

namespace tmsnav {

constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitBadInput = 2;

int fail(int code, const std::string& message);
// "the plan has no target named 'X' (its targets: 'a', 'b')": what to type instead.
struct Plan;
std::string noTargetNamed(const Plan& plan, const std::string& name);
void printJson(const nlohmann::json& j);
// A command's result file: written atomically to `out` (when given), then on stdout as
// the file's JSON plus "out" with --json, else `summary` as one line.
int writeAndReport(const std::string& text, const std::string& out, bool json,
                   const std::string& summary);
// A progress bar on stderr when it is a terminal; silent otherwise (logs stay clean).
Progress terminalProgress();
// The path made absolute and normal (as given when that fails): files name what they used.
std::string absolutePath(const std::string& path);
// Makes sure drawing works: the current display, or a private Xvfb kept alive by `holder`.
int ensureDisplay(std::unique_ptr<PrivateXvfb>& holder);
// A report's folder, created, and a display for its plots (ensureDisplay): kExitOk, or the
// exit code after the error line.
int prepareReportFolder(const std::string& out, std::unique_ptr<PrivateXvfb>& holder);
// A report's figures (`json_name`) and index.html written atomically into the folder `out`;
// with --json the figures also go to stdout, with "out" and "plots". kExitOk or the exit code.
int writeReportFiles(const std::string& out, const char* json_name, nlohmann::json figures,
                     const std::string& html, const std::vector<ReportPlot>& plots, bool json);

}  // namespace tmsnav
