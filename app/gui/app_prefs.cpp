#include "app/gui/app_prefs.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "core/atomic_file.h"

namespace tmsnav {

namespace {
constexpr std::uintmax_t kMaxPrefsBytes = 64 * 1024;  // a few numbers; more is not ours
}  // namespace

std::string appPrefsPath(const std::string& data_dir) {
  return data_dir + "/app-settings.json";
}

AppPrefs readAppPrefs(const std::string& path) {
  AppPrefs prefs;
  std::error_code ec;
  if (std::filesystem::file_size(path, ec) > kMaxPrefsBytes || ec) return prefs;
  std::ifstream in(path);
  const auto j = nlohmann::json::parse(in, nullptr, false);
  if (!j.is_object()) return prefs;
  const auto w = j.value("panel_width", nlohmann::json());
  if (w.is_number() && std::isfinite(w.get<double>()))
    prefs.panel_width = std::clamp(w.get<float>(), kMinPanelWidth, kMaxPanelWidth);
  return prefs;
}

Result<Done> writeAppPrefs(const std::string& path, const AppPrefs& prefs) {
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
  const nlohmann::json j = {{"panel_width", prefs.panel_width}};
  return writeTextAtomically(path, j.dump(2) + "\n");
}

}  // namespace tmsnav
