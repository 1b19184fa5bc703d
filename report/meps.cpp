#include "report/meps.h"

#include <cmath>
#include <filesystem>
#include <map>
#include <sstream>

namespace tmsnav {

namespace {
constexpr double kMaxMepUv = 100000.0;

std::vector<std::string> cells(const std::string& line) {
  std::vector<std::string> out;
  std::stringstream in(line);
  for (std::string c; std::getline(in, c, ',');) {
    while (!c.empty() && (c.back() == '\r' || c.back() == ' ')) c.pop_back();
    c.erase(0, c.find_first_not_of(' '));
    out.push_back(c);
  }
  return out;
}

SessionJournal* sessionNamed(const std::string& name, std::vector<SessionJournal>& sessions) {
  if (name.empty()) return sessions.size() == 1 ? &sessions.front() : nullptr;
  for (auto& s : sessions)
    if (s.header.session_label == name || std::filesystem::path(s.path).filename() == name)
      return &s;
  return nullptr;
}
}  // namespace

Result<Done> applyMepCsv(const std::string& text, std::vector<SessionJournal>& sessions) {
  std::istringstream in(text);
  std::map<std::string, size_t> column;
  int number = 0;
  for (std::string line; std::getline(in, line);) {
    ++number;
    if (line.empty() || line[0] == '#') continue;
    const auto row = cells(line);
    const std::string where = "MEP CSV line " + std::to_string(number) + ": ";
    if (column.empty()) {
      for (size_t i = 0; i < row.size(); ++i) column[row[i]] = i;
      if (!column.count("pulse") || !column.count("mep_uv"))
        return Error{
            "the MEP CSV needs columns pulse and mep_uv (and session for several sessions)"};
      continue;
    }
    const auto get = [&](const char* key) {
      const auto it = column.find(key);
      return it != column.end() && it->second < row.size() ? row[it->second] : std::string();
    };
    SessionJournal* s = sessionNamed(get("session"), sessions);
    if (!s) return Error{where + "no session '" + get("session") + "' among those reported"};
    char* end = nullptr;
    const std::string pulse_text = get("pulse"), mep_text = get("mep_uv");
    const long pulse = std::strtol(pulse_text.c_str(), &end, 10);
    if (pulse_text.empty() || *end != '\0' || pulse < 1)
      return Error{where + "pulse must be a number from 1"};
    const double mep = std::strtod(mep_text.c_str(), &end);
    if (mep_text.empty() || *end != '\0' || !std::isfinite(mep) || mep < 0 || mep > kMaxMepUv)
      return Error{where + "mep_uv must be a number in [0, 100000]"};
    bool found = false;
    for (auto& p : s->pulses)
      if (p.number == static_cast<std::uint64_t>(pulse)) p.mep_uv = mep, found = true;
    if (!found) return Error{where + "session " + s->path + " has no pulse " + pulse_text};
  }
  if (column.empty()) return Error{"the MEP CSV is empty"};
  return Done{};
}

std::optional<Hotspot> mepHotspot(const std::vector<SessionJournal>& sessions) {
  Hotspot h;
  Eigen::Vector3d sum = Eigen::Vector3d::Zero();
  double weight = 0.0;
  for (const auto& s : sessions)
    for (const auto& p : s.pulses)
      if (p.tracked && p.pose.coil_to_mri && p.mep_uv && *p.mep_uv > 0) {
        sum += *p.mep_uv * p.pose.coil_to_mri->iso().translation();
        weight += *p.mep_uv;
        ++h.pulses;
        h.max_mep_uv = std::max(h.max_mep_uv, *p.mep_uv);
      }
  if (weight <= 0) return std::nullopt;
  h.p_lps = sum / weight;
  return h;
}

}  // namespace tmsnav
