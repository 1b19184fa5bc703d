#include "io/study_file.h"

#include "core/coords.h"
#include "io/json_util.h"
#include "io/plan_file.h"

namespace tmsnav {

namespace {
constexpr const char* kStudyFormat = "tmsnav-study-1";
constexpr size_t kMaxTargets = 1000;
constexpr size_t kMaxSessions = 100000;
constexpr float kMinFontScale = 0.5f, kMaxFontScale = 3.0f;
}  // namespace

std::string studyJson(const Study& s) {
  nlohmann::json targets = nlohmann::json::array();
  for (const auto& t : s.targets) targets.push_back(plannedTargetJson(t));
  nlohmann::json landmarks = nlohmann::json::object();
  for (const auto& [name, p] : s.landmarks_lps) landmarks[name] = jsonVec(rasFromLps(p));
  const nlohmann::json j = {
      {"format", kStudyFormat},
      {"mri_path", s.mri_path},
      {"mri_sha256", s.mri_sha256},
      {"series_uid", s.series_uid},
      {"segmentation", s.segmentation.is_null() ? nlohmann::json::object() : s.segmentation},
      {"targets", targets},
      {"active_target", s.active_target},
      {"landmarks_ras_mm", landmarks},
      {"settings",
       {{"show_scalp", s.settings.show_scalp},
        {"scalp_depth_colours", s.settings.scalp_depth_colours},
        {"light_theme", s.settings.light_theme},
        {"font_scale", s.settings.font_scale}}},
      {"registration_path", s.registration_path},
      {"sessions", s.sessions},
      {"saved_at", s.saved_at}};
  return j.dump(2) + "\n";
}

Result<Study> readStudy(const std::string& path) {
  auto j = readFormatJson(path, kStudyFormat);
  if (!j) return Error{j.error()};
  Study s;
  try {
    s.mri_path = j->value("mri_path", "");
    s.mri_sha256 = j->value("mri_sha256", "");
    if (s.mri_path.empty() || s.mri_sha256.empty())
      return Error{path + ": a study names its MRI (mri_path, mri_sha256)"};
    s.series_uid = j->value("series_uid", "");
    s.segmentation = j->value("segmentation", nlohmann::json::object());
    const auto targets = j->value("targets", nlohmann::json::array());
    if (!targets.is_array() || targets.size() > kMaxTargets)
      return Error{path + ": targets must be a list of at most " + std::to_string(kMaxTargets)};
    for (const auto& jt : targets) {
      auto t = parseTarget(jt);
      if (!t) return Error{path + ": " + t.error()};
      s.targets.push_back(std::move(*t));
    }
    s.active_target = j->value("active_target", size_t{0});
    if (!s.targets.empty() && s.active_target >= s.targets.size())
      return Error{path + ": active_target is not one of its targets"};
    const nlohmann::json landmarks = j->value("landmarks_ras_mm", nlohmann::json::object());
    if (!landmarks.is_object()) return Error{path + ": landmarks_ras_mm must be an object"};
    for (const auto& [name, v] : landmarks.items()) {
      auto p = parseVec(v, "landmarks_ras_mm");
      if (!p) return Error{path + ": " + p.error()};
      s.landmarks_lps[name] = lpsFromRas(*p);
    }
    const auto settings = j->value("settings", nlohmann::json::object());
    s.settings.show_scalp = settings.value("show_scalp", true);
    s.settings.scalp_depth_colours = settings.value("scalp_depth_colours", false);
    s.settings.light_theme = settings.value("light_theme", false);
    s.settings.font_scale =
        std::clamp(settings.value("font_scale", 1.0f), kMinFontScale, kMaxFontScale);
    s.registration_path = j->value("registration_path", "");
    const auto sessions = j->value("sessions", nlohmann::json::array());
    if (!sessions.is_array() || sessions.size() > kMaxSessions)
      return Error{path + ": sessions must be a list of session-log paths"};
    s.sessions = sessions.get<std::vector<std::string>>();
    s.saved_at = j->value("saved_at", "");
  } catch (const nlohmann::json::exception&) {
    return Error{path + " has a field of the wrong type"};
  }
  return s;
}

}  // namespace tmsnav
