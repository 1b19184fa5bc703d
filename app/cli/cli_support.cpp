#include "app/cli/cli_support.h"

#include <filesystem>

#include <unistd.h>

#include <cstdio>
#include <iostream>

#include "core/atomic_file.h"
#include "planning/plan.h"

namespace tmsnav {

std::string absolutePath(const std::string& path) {
  std::error_code ec;
  const auto abs = std::filesystem::absolute(path, ec);
  return ec ? path : abs.lexically_normal().string();
}

int fail(int code, const std::string& message) {
  std::string line = message;
  for (char& c : line)
    if (c == '\n' || c == '\r') c = ' ';
  std::cerr << "error: " << line << std::endl;
  return code;
}

void printJson(const nlohmann::json& j) {
  std::cout << j.dump() << std::endl;
}

Progress terminalProgress() {
  if (!isatty(STDERR_FILENO)) return {};
  return {[](double f, const std::string& stage) {
            std::fprintf(stderr, "\r%3d%% %-24s", static_cast<int>(f * 100.0), stage.c_str());
            if (f >= 1.0) std::fprintf(stderr, "\n");
          },
          nullptr};
}

int ensureDisplay(std::unique_ptr<PrivateXvfb>& holder) {
  if (displayAvailable()) return kExitOk;
  auto x = PrivateXvfb::start();
  if (!x) return fail(kExitFailure, x.error());
  holder = std::move(*x);
  return kExitOk;
}

int prepareReportFolder(const std::string& out, std::unique_ptr<PrivateXvfb>& holder) {
  std::error_code ec;
  std::filesystem::create_directories(out, ec);
  if (ec) return fail(kExitFailure, "cannot create " + out + ": " + ec.message());
  return ensureDisplay(holder);
}

int writeReportFiles(const std::string& out, const char* json_name, nlohmann::json figures,
                     const std::string& html, const std::vector<ReportPlot>& plots, bool json) {
  const std::filesystem::path dir(out);
  if (auto w = writeTextAtomically((dir / json_name).string(), figures.dump(2) + "\n"); !w)
    return fail(kExitFailure, w.error());
  if (auto w = writeTextAtomically((dir / "index.html").string(), html); !w)
    return fail(kExitFailure, w.error());
  if (json) {
    figures["out"] = out;
    figures["plots"] = nlohmann::json::array();
    for (const auto& p : plots) figures["plots"].push_back(p.file);
    printJson(figures);
  }
  return kExitOk;
}

int writeAndReport(const std::string& text, const std::string& out, bool json,
                   const std::string& summary) {
  if (!out.empty())
    if (auto w = writeTextAtomically(out, text); !w) return fail(kExitFailure, w.error());
  if (json) {
    auto j = nlohmann::json::parse(text);
    j["out"] = out;
    printJson(j);
  } else {
    std::cout << summary << (out.empty() ? "" : " -> " + out) << "\n";
  }
  return kExitOk;
}

std::string noTargetNamed(const Plan& plan, const std::string& name) {
  std::string text = "the plan has no target named '" + name + "'";
  if (plan.targets.empty()) return text;
  text += " (its targets:";
  for (size_t i = 0; i < plan.targets.size(); ++i)
    text += (i ? ", '" : " '") + plan.targets[i].name + "'";
  return text + ")";
}

}  // namespace tmsnav
