#include "io/session_journal.h"

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "core/coords.h"
#include "io/json_util.h"
#include "tracking/rigid.h"

namespace tmsnav {

namespace {
constexpr size_t kMaxLineBytes = 1 << 20;

std::optional<double> number(const nlohmann::json& j, const char* key) {
  const auto it = j.find(key);
  if (it == j.end() || !it->is_number()) return std::nullopt;
  return it->get<double>();
}

std::string text(const nlohmann::json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// A 4x4 world RAS pose from the file as a rigid LPS transform; null: none.
template <typename From, typename To>
Result<std::optional<Transform<From, To>>> pose(const nlohmann::json& j, const char* key) {
  const auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::optional<Transform<From, To>>();
  auto m = parseMat(*it, key);
  if (!m) return Error{m.error()};
  auto rigid = toRigid(lpsMatrixFromRas(*m));
  if (!rigid) return Error{std::string(key) + ": " + rigid.error()};
  return std::optional<Transform<From, To>>(Transform<From, To>(*rigid));
}

Result<Done> readHeader(const nlohmann::json& j, JournalHeader& h) {
  h.format = text(j, "format");
  if (h.format != "tmsnav-session-1")
    return Error{"unknown journal format '" + h.format + "' (this tmsnav reads tmsnav-session-1)"};
  h.software = text(j, "software");
  h.started_utc = text(j, "started_utc");
  h.started_unix_s = number(j, "started_unix_s").value_or(0.0);
  h.patient_id = text(j, "patient_id");
  h.session_label = text(j, "session_label");
  const auto obj = [&](const char* key) {
    const auto it = j.find(key);
    return it != j.end() && it->is_object() ? *it : nlohmann::json::object();
  };
  h.mri_path = text(obj("mri"), "path");
  h.mri_sha256 = text(obj("mri"), "sha256");
  h.plan_path = text(obj("plan"), "path");
  h.target_name = text(obj("plan"), "target");
  auto target = pose<frame::Target, frame::Mri>(obj("plan"), "target_to_mri_ras");
  if (!target) return Error{target.error()};
  h.target_to_mri = *target;
  h.registration_method = text(obj("registration"), "method");
  h.registration_fre_mm = number(obj("registration"), "fre_mm");
  h.predicted_tre_mm = number(obj("registration"), "predicted_tre_mm");
  h.coil = text(j, "coil");
  h.source = text(j, "source");
  h.motor_threshold_pct_mso = number(j, "motor_threshold_pct_mso");
  if (const auto st = obj("stimulation"); !st.empty())
    h.stimulation = Stimulation{text(st, "coil"), text(st, "stimulator"),
                                number(st, "didt_at_100_pct_a_per_us").value_or(0.0),
                                number(st, "intensity_pct_mso").value_or(0.0)};
  if (auto seed = j.find("seed"); seed != j.end() && seed->is_number_unsigned())
    h.seed = seed->get<std::uint64_t>();
  return Done{};
}

Result<JournalPose> readPose(const nlohmann::json& j) {
  JournalPose p;
  const auto t = number(j, "t_s");
  if (!t) return Error{"a record without t_s"};
  p.t_s = *t;
  p.state = text(j, "state");
  p.position_error_mm = number(j, "position_error_mm");
  p.tilt_error_deg = number(j, "tilt_error_deg");
  p.handle_error_deg = number(j, "handle_error_deg");
  auto coil = pose<frame::Coil, frame::Mri>(j, "coil_to_mri_ras");
  if (!coil) return Error{coil.error()};
  p.coil_to_mri = *coil;
  return p;
}

Result<Done> readRecord(const nlohmann::json& j, bool first, SessionJournal& out) {
  if (!j.is_object()) return Error{"not a JSON object"};
  const std::string type = text(j, "type");
  if (type == "header") {
    if (!first) return Error{"a second header"};
    return readHeader(j, out.header);
  }
  if (type == "note") {
    out.notes.push_back({number(j, "t_s").value_or(0.0), text(j, "text")});
    return Done{};
  }
  auto p = readPose(j);
  if (!p) return Error{p.error()};
  if (type == "pulse") {
    JournalPulse pulse;
    pulse.pose = std::move(*p);
    pulse.number = static_cast<std::uint64_t>(number(j, "pulse").value_or(0.0));
    pulse.tracked = j.value("tracked", false) && pulse.pose.coil_to_mri.has_value();
    if (!pulse.tracked) pulse.pose.coil_to_mri.reset();  // never a pose for an untracked pulse
    pulse.intensity_pct_mso = number(j, "intensity_pct_mso");
    pulse.didt_a_per_us = number(j, "didt_a_per_us");
    pulse.mep_uv = number(j, "mep_uv");
    pulse.source = text(j, "source");
    if (pulse.tracked) {  // an E is only ever read with the pose it was computed for
      pulse.target_e_v_per_m = number(j, "target_e_v_per_m");
      pulse.e_didt_a_per_us = number(j, "e_didt_a_per_us");
    }
    out.pulses.push_back(std::move(pulse));
    return Done{};
  }
  if (!type.empty()) return Done{};  // a record type from a newer tmsnav: not a sample
  out.samples.push_back(std::move(*p));
  return Done{};
}
}  // namespace

Result<SessionJournal> readSessionJournal(const std::string& path) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) return Error{"cannot read " + path + ": " + ec.message()};
  if (size > kMaxJournalBytes) return Error{path + " is too large for a session journal"};
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{"cannot read " + path};
  SessionJournal out;
  out.path = path;
  int number = 0;
  for (std::string line; std::getline(in, line);) {
    ++number;
    const std::string where = path + ":" + std::to_string(number) + ": ";
    if (line.size() > kMaxLineBytes) return Error{where + "line too long"};
    if (line.empty()) continue;
    const bool last = in.peek() == std::char_traits<char>::eof();
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded()) {
      // A session killed mid-write ends in a torn line: dropped, said, never misread.
      if (last && line.back() != '}') {
        out.warnings.push_back(where + "torn last line dropped (the session ended mid-write)");
        break;
      }
      return Error{where + "not a JSON record"};
    }
    try {  // a field of the wrong type (a hand-edited or hostile file) is bad input
      if (auto r = readRecord(j, number == 1, out); !r) return Error{where + r.error()};
    } catch (const nlohmann::json::exception&) {
      return Error{where + "a field has the wrong type"};
    }
  }
  if (out.header.format.empty())
    out.warnings.push_back(path + ": no header (a journal from before tmsnav-session-1)");
  if (out.samples.empty() && out.pulses.empty()) return Error{path + " has no samples or pulses"};
  return out;
}

Result<std::vector<SessionJournal>> readSessionJournals(const std::vector<std::string>& paths) {
  std::vector<SessionJournal> journals;
  for (const auto& path : paths) {
    auto j = readSessionJournal(path);
    if (!j) return Error{j.error()};
    journals.push_back(std::move(*j));
  }
  return journals;
}

std::optional<JournalHeader> readJournalHeader(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::string first;
  if (!std::getline(in, first) || first.size() > kMaxLineBytes) return std::nullopt;
  const auto j = nlohmann::json::parse(first, nullptr, false);
  if (!j.is_object() || text(j, "type") != "header") return std::nullopt;
  JournalHeader h;
  if (!readHeader(j, h)) return std::nullopt;
  return h;
}

Result<Done> checkOnePatient(const std::vector<SessionJournal>& sessions) {
  const SessionJournal* first = nullptr;
  for (const auto& s : sessions) {
    if (s.header.mri_sha256.empty() && s.header.patient_id.empty()) continue;
    if (!first) {
      first = &s;
      continue;
    }
    const auto& a = first->header;
    const auto& b = s.header;
    if (!a.mri_sha256.empty() && !b.mri_sha256.empty() && a.mri_sha256 != b.mri_sha256)
      return Error{s.path + " was recorded on another MRI than " + first->path +
                   " (SHA-256 differs): sessions of one patient only"};
    if (!a.patient_id.empty() && !b.patient_id.empty() && a.patient_id != b.patient_id)
      return Error{s.path + " is of patient '" + b.patient_id + "', " + first->path + " of '" +
                   a.patient_id + "': sessions of one patient only"};
  }
  return Done{};
}

}  // namespace tmsnav
