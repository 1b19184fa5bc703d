// tmsnav's CSV of targets and pulses: one row each, columns by name, world RAS mm; r_ij is
// row i, column j of the coil's rotation (columns: x, y toward the handle, z into the head).
#include <cmath>
#include <cstdio>
#include <map>
#include <sstream>

#include "core/coords.h"
#include "io/exchange_formats.h"

namespace tmsnav {

namespace {
const std::vector<std::string> kColumns = {"kind",
                                           "name",
                                           "session",
                                           "t_s",
                                           "tracked",
                                           "x_ras_mm",
                                           "y_ras_mm",
                                           "z_ras_mm",
                                           "r00",
                                           "r01",
                                           "r02",
                                           "r10",
                                           "r11",
                                           "r12",
                                           "r20",
                                           "r21",
                                           "r22",
                                           "cortex_x_ras_mm",
                                           "cortex_y_ras_mm",
                                           "cortex_z_ras_mm",
                                           "intensity_pct_mso",
                                           "didt_a_per_us",
                                           "mep_uv"};

std::string quoted(const std::string& cell) {
  if (cell.find_first_of(",\"\n") == std::string::npos) return cell;
  std::string out = "\"";
  for (char c : cell) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::vector<std::string> splitCsv(const std::string& line) {
  std::vector<std::string> cells(1);
  bool in_quotes = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (in_quotes && c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
      cells.back() += '"';
      ++i;
    } else if (c == '"') {
      in_quotes = !in_quotes;
    } else if (c == ',' && !in_quotes) {
      cells.emplace_back();
    } else if (c != '\r') {
      cells.back() += c;
    }
  }
  return cells;
}

using Row = std::map<std::string, std::string>;
std::optional<double> cell(const Row& row, const std::string& key) {
  const auto it = row.find(key);
  return it == row.end() || it->second.empty() ? std::nullopt : parseExchangeNumber(it->second);
}

Result<std::optional<Transform<frame::Coil, frame::Mri>>> rowPose(const Row& row) {
  Eigen::Matrix4d m = Eigen::Matrix4d::Identity();
  int present = 0;
  const char* xyz[3] = {"x_ras_mm", "y_ras_mm", "z_ras_mm"};
  for (int r = 0; r < 3; ++r) {
    if (auto v = cell(row, xyz[r])) m(r, 3) = *v, ++present;
    for (int c = 0; c < 3; ++c)
      if (auto v = cell(row, "r" + std::to_string(r) + std::to_string(c))) m(r, c) = *v, ++present;
  }
  if (present == 0) return std::optional<Transform<frame::Coil, frame::Mri>>();
  if (present != 12) return Error{"a pose needs all of x, y, z and r00..r22"};
  auto pose = coilPoseFromRas(m);
  if (!pose) return Error{pose.error()};
  return std::optional(*pose);
}

Result<Done> readRow(const Row& row, Exchange& e) {
  auto pose = rowPose(row);
  if (!pose) return Error{pose.error()};
  // A spreadsheet without a kind column lists targets.
  const std::string kind = row.count("kind") ? row.at("kind") : "target";
  const std::string name = row.count("name") ? row.at("name") : "";
  if (kind == "target") {
    if (!*pose) return Error{"target '" + name + "' has no pose"};
    ExchangeTarget t{name, **pose, std::nullopt};
    const auto cx = cell(row, "cortex_x_ras_mm"), cy = cell(row, "cortex_y_ras_mm"),
               cz = cell(row, "cortex_z_ras_mm");
    if (cx && cy && cz) t.cortex_lps = lpsFromRas({*cx, *cy, *cz});
    e.targets.push_back(std::move(t));
    return Done{};
  }
  if (kind != "pulse") return Error{"kind must be target or pulse, not '" + kind + "'"};
  ExchangePulse p;
  p.name = name;
  p.session = row.count("session") ? row.at("session") : "";
  const bool tracked = !row.count("tracked") || row.at("tracked") != "false";
  if (tracked) p.coil_to_mri = *pose;
  p.t_s = cell(row, "t_s");
  p.intensity_pct_mso = cell(row, "intensity_pct_mso");
  p.didt_a_per_us = cell(row, "didt_a_per_us");
  p.mep_uv = cell(row, "mep_uv");
  e.pulses.push_back(std::move(p));
  return Done{};
}
}  // namespace

std::string exchangeNumber(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6f", v);
  if (std::string(buf).find_first_not_of("-0.") == std::string::npos) return "0.000000";
  return buf;
}

std::optional<double> parseExchangeNumber(const std::string& text) {
  if (text.empty()) return std::nullopt;
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  while (end && (*end == ' ' || *end == '\r')) ++end;
  if (end == text.c_str() || *end != '\0' || !std::isfinite(v)) return std::nullopt;
  return v;
}

Result<Exchange> readExchangeCsv(const std::string& text) {
  Exchange e;
  e.format = "csv";
  std::istringstream in(text);
  std::vector<std::string> columns;
  int number = 0;
  for (std::string line; std::getline(in, line);) {
    ++number;
    if (line.empty() || line[0] == '#') continue;
    auto cells = splitCsv(line);
    if (columns.empty()) {
      columns = std::move(cells);
      continue;
    }
    Row row;
    for (size_t i = 0; i < columns.size() && i < cells.size(); ++i) row[columns[i]] = cells[i];
    if (auto r = readRow(row, e); !r)
      return Error{"line " + std::to_string(number) + ": " + r.error()};
  }
  if (e.targets.empty() && e.pulses.empty()) return Error{"no targets or pulses"};
  return e;
}

Result<std::string> writeExchangeCsv(const Exchange& e) {
  std::ostringstream o;
  o << "# tmsnav targets and pulses (" << e.created_by
    << "): world RAS mm; r_ij = row i, column j of the coil rotation (columns: x, y toward the "
       "handle, z into the head); t_s = seconds since the session started\n";
  for (size_t i = 0; i < kColumns.size(); ++i) o << (i ? "," : "") << kColumns[i];
  o << "\n";
  const auto pose = [](const std::optional<Transform<frame::Coil, frame::Mri>>& t) {
    std::vector<std::string> cells(12);
    if (!t) return cells;
    const Eigen::Matrix4d m = rasFromCoilPose(*t);
    for (int r = 0; r < 3; ++r) {
      cells[static_cast<size_t>(r)] = exchangeNumber(m(r, 3));
      for (int c = 0; c < 3; ++c)
        cells[static_cast<size_t>(3 + r * 3 + c)] = exchangeNumber(m(r, c));
    }
    return cells;
  };
  const auto value = [](const std::optional<double>& v) {
    return v ? exchangeNumber(*v) : std::string();
  };
  const auto line = [&](const std::vector<std::string>& cells) {
    for (size_t i = 0; i < cells.size(); ++i) o << (i ? "," : "") << quoted(cells[i]);
    o << "\n";
  };
  for (const auto& t : e.targets) {
    std::vector<std::string> cells = {"target", t.name, "", "", "true"};
    for (auto& c : pose(t.coil_to_mri)) cells.push_back(c);
    for (int i = 0; i < 3; ++i)
      cells.push_back(t.cortex_lps ? exchangeNumber(rasFromLps(*t.cortex_lps)[i]) : "");
    cells.insert(cells.end(), {"", "", ""});
    line(cells);
  }
  for (const auto& p : e.pulses) {
    std::vector<std::string> cells = {"pulse", p.name, p.session, value(p.t_s),
                                      p.coil_to_mri ? "true" : "false"};
    for (auto& c : pose(p.coil_to_mri)) cells.push_back(c);
    cells.insert(cells.end(),
                 {"", "", "", value(p.intensity_pct_mso), value(p.didt_a_per_us), value(p.mep_uv)});
    line(cells);
  }
  return o.str();
}

}  // namespace tmsnav
