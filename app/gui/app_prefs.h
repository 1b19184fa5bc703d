#pragma once
// The app's own preferences, kept beside the recent-studies list (<data dir>/app-settings.json):
// how the user arranged the window, whatever study is open. A missing or unreadable file
// gives the defaults; it is written atomically when a preference changes.
#include <string>

#include "core/result.h"

namespace tmsnav {

constexpr float kMinPanelWidth = 300.0f;
constexpr float kMaxPanelWidth = 900.0f;

struct AppPrefs {
  float panel_width = 380.0f;  // the left panel, px
};

std::string appPrefsPath(const std::string& data_dir);
AppPrefs readAppPrefs(const std::string& path);
[[nodiscard]] Result<Done> writeAppPrefs(const std::string& path, const AppPrefs& prefs);

}  // namespace tmsnav
