#include "navigation/session_header.h"

#include <cmath>
#include <ctime>

#include "tracking/session_log.h"

namespace tmsnav {

namespace {
std::string quoted(const std::string& text) {
  return "\"" + jsonEscaped(text) + "\"";
}

std::string orNull(const std::optional<double>& v, int decimals) {
  return v ? formatNumber(*v, decimals) : std::string("null");
}
}  // namespace

std::string isoUtc(double wall_s) {
  const auto whole = static_cast<std::time_t>(std::floor(wall_s));
  const int ms = static_cast<int>(std::floor((wall_s - std::floor(wall_s)) * 1000.0));
  std::tm utc{};
  gmtime_r(&whole, &utc);
  char text[40];
  const size_t n = std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &utc);
  std::snprintf(text + n, sizeof text - n, ".%03dZ", ms);
  return text;
}

std::string formatSessionHeader(const SessionHeader& h, const SessionStart& s) {
  std::string out = std::string("{\"type\":\"header\",\"format\":\"") + kSessionFormat + "\"";
  out += ",\"software\":" + quoted(h.software);
  out += ",\"started_utc\":" + quoted(isoUtc(s.wall_s));
  out += ",\"started_unix_s\":" + formatNumber(s.wall_s, 3);
  out += ",\"patient_id\":" + quoted(h.patient_id);
  out += ",\"session_label\":" + quoted(h.session_label);
  out += ",\"mri\":{\"path\":" + quoted(h.mri_path) + ",\"sha256\":" + quoted(h.mri_sha256) + "}";
  out += ",\"plan\":{\"path\":" + quoted(h.plan_path) + ",\"target\":" + quoted(h.target_name) +
         ",\"target_to_mri_ras\":" +
         (s.target_to_mri ? formatRasMatrix(s.target_to_mri->matrix()) : std::string("null")) + "}";
  out += ",\"registration\":{\"path\":" + quoted(h.registration_path) +
         ",\"method\":" + quoted(h.registration_method.empty() ? "none" : h.registration_method) +
         ",\"fre_mm\":" + orNull(h.registration_fre_mm, 3) +
         ",\"predicted_tre_mm\":" + orNull(s.predicted_tre_mm, 3) + "}";
  out += ",\"coil\":" + quoted(h.coil);
  out += ",\"source\":" + quoted(s.source);
  out += ",\"sample_period_s\":" + formatNumber(s.sample_period_s, 4);
  out += ",\"motor_threshold_pct_mso\":" + orNull(h.motor_threshold_pct_mso, 1);
  out += ",\"stimulation\":" + formatStimulation(h.stimulation);
  out += ",\"seed\":" + (h.seed ? std::to_string(*h.seed) : std::string("null"));
  return out + "}";
}

}  // namespace tmsnav
