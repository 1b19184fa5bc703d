// Brainsight's exported .txt (../shared/INTEROP.md): '#' header lines, then sections each
// opened by a '#' column line; tab-separated cells; "(null)" for missing values. Column
// sets differ between versions: every cell is found by its column's name.
#include <cmath>
#include <cstdio>
#include <ctime>
#include <map>
#include <sstream>

#include "io/exchange_formats.h"

namespace tmsnav {

namespace {
using Row = std::map<std::string, std::string>;

const char* const kMatrixColumns[9] = {"m0n0", "m0n1", "m0n2", "m1n0", "m1n1",
                                       "m1n2", "m2n0", "m2n1", "m2n2"};

std::vector<std::string> splitTabs(const std::string& line) {
  std::vector<std::string> cells;
  std::string cell;
  std::istringstream in(line);
  while (std::getline(in, cell, '\t')) {
    if (!cell.empty() && cell.back() == '\r') cell.pop_back();
    cells.push_back(cell);
  }
  return cells;
}

std::optional<double> cellNumber(const Row& row, const std::string& column) {
  const auto it = row.find(column);
  if (it == row.end() || it->second == "(null)") return std::nullopt;
  return parseExchangeNumber(it->second);
}

// Loc. X/Y/Z and m0n0..m2n2 (mXnY: component Y of coil axis X) as a tmsnav coil pose;
// none when any is missing; an error when present but not a rigid pose.
Result<std::optional<Transform<frame::Coil, frame::Mri>>> rowPose(const Row& row,
                                                                  double* largest_correction) {
  Eigen::Matrix4d m = Eigen::Matrix4d::Identity();
  const char* loc[3] = {"Loc. X", "Loc. Y", "Loc. Z"};
  for (int r = 0; r < 3; ++r) {
    const auto v = cellNumber(row, loc[r]);
    if (!v) return std::optional<Transform<frame::Coil, frame::Mri>>();
    m(r, 3) = *v;
  }
  for (int axis = 0; axis < 3; ++axis)
    for (int c = 0; c < 3; ++c) {
      const auto v = cellNumber(row, kMatrixColumns[axis * 3 + c]);
      if (!v) return std::optional<Transform<frame::Coil, frame::Mri>>();
      m(c, axis) = *v;
    }
  m.topLeftCorner<3, 3>() = brainsightAxesFromTmsnav(m.topLeftCorner<3, 3>());
  auto pose = coilPoseFromRoundedRas(m, largest_correction);  // 3 decimals: not orthonormal
  if (!pose) return Error{pose.error()};
  return std::optional(*pose);
}

std::string cellText(const Row& row, const std::string& column) {
  const auto it = row.find(column);
  return it == row.end() || it->second == "(null)" ? "" : it->second;
}

// Seconds since 1970 of "YYYY-MM-DD" and "HH:MM:SS.mmm" (UTC as written); none if either
// does not parse.
std::optional<double> sampleTime(const Row& row) {
  const auto date = row.find("Date");
  const auto time = row.find("Time");
  if (date == row.end() || time == row.end()) return std::nullopt;
  std::tm t{};
  double seconds = 0;
  char tail = 0;
  if (std::sscanf(date->second.c_str(), "%d-%d-%d%c", &t.tm_year, &t.tm_mon, &t.tm_mday, &tail) !=
          3 ||
      std::sscanf(time->second.c_str(), "%d:%d:%lf%c", &t.tm_hour, &t.tm_min, &seconds, &tail) != 3)
    return std::nullopt;
  t.tm_year -= 1900;
  t.tm_mon -= 1;
  return static_cast<double>(timegm(&t)) + seconds;
}

std::string mepColumn(const std::vector<std::string>& columns) {
  for (const auto& c : columns)
    if (c.rfind("EMG Peak-to-peak", 0) == 0) return c;
  return "";
}

Result<Done> readRow(const std::string& section, const std::vector<std::string>& columns,
                     const std::vector<std::string>& cells, Exchange& e) {
  Row row;
  for (size_t i = 0; i < columns.size() && i < cells.size(); ++i) row[columns[i]] = cells[i];
  if (section == "Sample Name" && cellText(row, "Crosshairs Driver") == "Pointer") {
    ++e.pointer_samples;  // a point touched with the pointer, not a pulse of a coil
    return Done{};
  }
  auto pose = rowPose(row, &e.largest_rotation_correction);
  if (!pose) return Error{pose.error()};
  if (section == "Target Name") {
    if (!*pose) return Error{"target '" + row["Target Name"] + "' has no position"};
    e.targets.push_back({row["Target Name"], **pose});
    return Done{};
  }
  ExchangePulse p;
  p.name = row["Sample Name"];
  p.session =
      row.count("Session Name") && row["Session Name"] != "(null)" ? row["Session Name"] : "";
  p.coil = cellText(row, "Crosshairs Driver");
  p.target = cellText(row, "Assoc. Target");
  p.coil_to_mri = *pose;
  p.t_s = sampleTime(row);  // absolute for now: made relative once all are read
  p.intensity_pct_mso =
      cellNumber(row, row.count("Stim. Power A") ? "Stim. Power A" : "Stim. Power");
  if (const auto mep = mepColumn(columns); !mep.empty()) p.mep_uv = cellNumber(row, mep);
  e.pulses.push_back(std::move(p));
  return Done{};
}

// The coordinate systems whose coordinates are the image's NIfTI world (RAS mm).
bool niftiWorld(const std::string& system) {
  return system == "NIfTI:Aligned" || system.rfind("NIfTI:Q:", 0) == 0 ||
         system.rfind("NIfTI:S:", 0) == 0;
}

// Where a file's coordinates are, or why they cannot be placed on the MRI.
Result<std::string> spaceOf(const std::string& system) {
  if (niftiWorld(system)) return std::string(kWorldRas);
  if (system == "NIfTI:Scanner") return std::string(kScannerRas);  // Brainsight 2.3-2.4
  const std::string how =
      ": export again from Brainsight with NIfTI:Aligned, NIfTI:Q, NIfTI:S or NIfTI:Scanner "
      "coordinates";
  if (system == "Brainsight")
    return Error{
        "coordinate system 'Brainsight' is Brainsight's own voxel-corner frame, which "
        "depends on how the image was loaded and cannot be placed on the MRI" +
        how};
  if (system == "World")
    return Error{
        "coordinate system 'World' is the Brainsight project's world (DICOM or "
        "another image's), not the NIfTI file's, and cannot be placed on the MRI" +
        how};
  return Error{"coordinate system '" + system + "' cannot be placed on the MRI" + how};
}
}  // namespace

Result<Exchange> readBrainsight(const std::string& text) {
  Exchange e;
  e.format = "brainsight";
  std::istringstream in(text);
  std::string section, system;
  std::vector<std::string> columns;
  int number = 0;
  for (std::string line; std::getline(in, line);) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    if (line[0] == '#') {
      if (line.rfind("# Coordinate system:", 0) == 0) {
        system = line.substr(20);
        system.erase(0, system.find_first_not_of(' '));
      } else if (line.find('\t') != std::string::npos) {
        columns = splitTabs(line.substr(line.find_first_not_of("# ")));
        section = columns.front();
      } else if (line.rfind("# Created by:", 0) == 0) {
        e.created_by = line.substr(13);
      }
      continue;
    }
    if (section != "Target Name" && section != "Sample Name") continue;  // landmarks, sessions
    auto space = spaceOf(system);
    if (!space) return Error{space.error()};
    e.space = *space;
    if (auto r = readRow(section, columns, splitTabs(line), e); !r)
      return Error{"line " + std::to_string(number) + ": " + r.error()};
  }
  if (e.targets.empty() && e.pulses.empty())
    return Error{e.pointer_samples ? "only samples made by the pointer, no targets or coil samples"
                                   : "no targets or samples"};
  if (e.pointer_samples)
    e.warnings.push_back(std::to_string(e.pointer_samples) +
                         " samples made by the pointer are not pulses: left out");
  if (e.space == kScannerRas)
    e.warnings.push_back(
        "NIfTI:Scanner: coordinates are the image's NIfTI qform (scanner) world, read as the "
        "MRI's world RAS; give --mri to check the MRI's qform and sform agree");
  std::optional<double> first;
  for (const auto& p : e.pulses)
    if (p.t_s && (!first || *p.t_s < *first)) first = p.t_s;
  if (first) e.start_unix_s = *first;
  for (auto& p : e.pulses)
    if (p.t_s) *p.t_s -= *first;
  return e;
}

Result<std::string> writeBrainsight(const Exchange& e) {
  std::ostringstream o;
  o << "# Version: 12\n# Coordinate system: NIfTI:Aligned\n# Created by: " << e.created_by
    << "\n# Units: millimetres, degrees, milliseconds, and microvolts\n# Encoding: UTF-8\n"
    << "# Notes: Each column is delimited by a tab. Each value within a column is delimited by "
       "a semicolon. Coordinates are the MRI's NIfTI world (RAS, mm), coil axes Brainsight's.\n";
  const auto pose = [&](const std::optional<Transform<frame::Coil, frame::Mri>>& t) {
    if (!t) {
      std::string nulls;
      for (int i = 0; i < 12; ++i) nulls += "\t(null)";
      return nulls;
    }
    Eigen::Matrix4d m = rasFromCoilPose(*t);
    m.topLeftCorner<3, 3>() = brainsightAxesFromTmsnav(m.topLeftCorner<3, 3>());
    std::string cells;
    for (int r = 0; r < 3; ++r) cells += "\t" + exchangeNumber(m(r, 3));
    for (int axis = 0; axis < 3; ++axis)
      for (int c = 0; c < 3; ++c) cells += "\t" + exchangeNumber(m(c, axis));
    return cells;
  };
  const auto matrixHeader = [] {
    std::string h = "\tLoc. X\tLoc. Y\tLoc. Z";
    for (const char* m : kMatrixColumns) h += std::string("\t") + m;
    return h;
  };
  o << "# Target Name" << matrixHeader() << "\n";
  for (const auto& t : e.targets) o << t.name << pose(t.coil_to_mri) << "\n";
  o << "# Sample Name\tSession Name\tIndex\tAssoc. Target" << matrixHeader()
    << "\tStim. Power A\tDate\tTime\tCreation Cause\tEMG Peak-to-peak 1\n";
  const double start = e.start_unix_s.value_or(0.0);
  for (size_t i = 0; i < e.pulses.size(); ++i) {
    const auto& p = e.pulses[i];
    const double at = start + p.t_s.value_or(0.0);
    const auto whole = static_cast<std::time_t>(std::floor(at));
    std::tm utc{};
    gmtime_r(&whole, &utc);
    char date[16], time[32];
    std::strftime(date, sizeof date, "%Y-%m-%d", &utc);
    std::snprintf(time, sizeof time, "%02d:%02d:%06.3f", utc.tm_hour, utc.tm_min,
                  utc.tm_sec + (at - std::floor(at)));
    const auto value = [](const std::optional<double>& v) {
      return v ? exchangeNumber(*v) : std::string("(null)");
    };
    o << (p.name.empty() ? "Sample " + std::to_string(i + 1) : p.name) << "\t"
      << (p.session.empty() ? "(null)" : p.session) << "\t" << i + 1 << "\t"
      << (e.targets.empty() ? "(null)" : e.targets.front().name) << pose(p.coil_to_mri) << "\t"
      << value(p.intensity_pct_mso) << "\t" << (p.t_s ? date : "(null)") << "\t"
      << (p.t_s ? time : "(null)") << "\tTTL1\t" << value(p.mep_uv) << "\n";
  }
  return o.str();
}

}  // namespace tmsnav
