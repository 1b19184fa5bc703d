#include "navigation/pulse_message.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <sstream>

namespace tmsnav {

namespace {
// Longer texts are not stimulator pulse messages (and are not parsed word by word).
constexpr size_t kMaxMessageChars = 256;

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

struct Field {
  const char* key;
  double max;
  std::optional<double> PulseValues::*member;
};
constexpr Field kFields[] = {{"intensity", 100.0, &PulseValues::intensity_pct_mso},
                             {"didt", 1000.0, &PulseValues::didt_a_per_us},
                             {"mep", 100000.0, &PulseValues::mep_uv}};
}  // namespace

std::optional<PulseMessage> parsePulseMessage(const std::string& text) {
  if (text.size() > kMaxMessageChars) return std::nullopt;
  std::istringstream words(lower(text));
  std::string first;
  if (!(words >> first) || (first != "pulse" && first != "trigger")) return std::nullopt;
  PulseMessage m;
  for (std::string word; words >> word;) {
    const auto eq = word.find('=');
    const std::string key = word.substr(0, eq);
    const auto* field = std::find_if(std::begin(kFields), std::end(kFields),
                                     [&](const Field& f) { return key == f.key; });
    if (eq == std::string::npos || field == std::end(kFields)) {
      m.dropped.push_back(word + ": unknown");
      continue;
    }
    const std::string value = word.substr(eq + 1);
    char* end = nullptr;
    const double v = std::strtod(value.c_str(), &end);
    if (value.empty() || *end != '\0' || !std::isfinite(v) || v < 0 || v > field->max) {
      std::ostringstream why;
      why << word << ": not a number in [0, " << field->max << "]";
      m.dropped.push_back(why.str());
      continue;
    }
    m.values.*(field->member) = v;
  }
  return m;
}

}  // namespace tmsnav
