#include "io/registration_file.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <optional>
#include <sstream>

#include "core/coords.h"
#include "io/json_util.h"
#include "tracking/rigid.h"

namespace tmsnav {

namespace {
constexpr const char* kPointerFormat = "tmsnav-pointer-1";
constexpr const char* kRegistrationFormat = "tmsnav-registration-1";
constexpr const char* kCoilFormat = "tmsnav-coil-1";

}  // namespace

std::string coilCalibrationJson(const CoilCalibrationRecord& r) {
  nlohmann::json j = {{"format", kCoilFormat},
                      {"model", r.model},
                      {"coil_to_coil_marker", jsonMat(r.calibration.coil_to_coil_marker.matrix())},
                      {"fre_mm", r.calibration.fre_mm},
                      {"residuals_mm", r.calibration.residuals_mm},
                      {"source", r.source},
                      {"time", r.time}};
  return j.dump(2) + "\n";
}

Result<CoilCalibrationRecord> readCoilCalibration(const std::string& path) {
  auto j = readFormatJson(path, kCoilFormat);
  if (!j) return Error{j.error()};
  auto m = parseMat(j->value("coil_to_coil_marker", nlohmann::json()), "coil_to_coil_marker");
  if (!m) return Error{path + ": " + m.error()};
  auto rigid = toRigid(*m);
  if (!rigid) return Error{path + ": coil_to_coil_marker is not rigid: " + rigid.error()};
  CoilCalibrationRecord r;
  r.calibration.coil_to_coil_marker = Transform<frame::Coil, frame::CoilMarker>(*rigid);
  try {
    r.calibration.fre_mm = j->value("fre_mm", 0.0);
    r.model = j->value("model", "");
    r.source = j->value("source", "");
    r.time = j->value("time", "");
  } catch (const nlohmann::json::exception&) {
    return Error{path + " has a field of the wrong type"};
  }
  return r;
}

Result<std::vector<CoilTouchPoint>> readCoilTouchPoints(const std::string& model_path) {
  std::ifstream in(model_path);
  if (!in) return Error{"cannot read coil model " + model_path};
  // ordered_json keeps the file's order: the order the points are touched in.
  const auto j = nlohmann::ordered_json::parse(in, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Error{model_path + " is not JSON"};
  if (!j.contains("touch_points_mm") || !j["touch_points_mm"].is_object() ||
      j["touch_points_mm"].empty())
    return Error{model_path + " has no touch_points_mm to calibrate with"};
  std::vector<CoilTouchPoint> out;
  for (const auto& [name, value] : j["touch_points_mm"].items()) {
    auto p = parseVec(nlohmann::json::parse(value.dump()), "touch_points_mm");
    if (!p) return Error{model_path + ": " + name + ": " + p.error()};
    out.push_back({name, {*p}});
  }
  return out;
}

namespace {
// Which cells of a landmark row hold the name and x, y, z, and whether they are LPS.
struct LandmarkColumns {
  size_t name = 0, x = 1, y = 2, z = 3;
  bool lps = false;
};

std::string lowerTrimmed(std::string s) {
  const auto b = s.find_first_not_of(" \t\r\"");
  const auto e = s.find_last_not_of(" \t\r\"");
  s = b == std::string::npos ? "" : s.substr(b, e - b + 1);
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::vector<std::string> splitCommas(const std::string& line) {
  std::vector<std::string> cells;
  std::stringstream ss(line);
  for (std::string cell; std::getline(ss, cell, ',');) cells.push_back(cell);
  if (!line.empty() && line.back() == ',') cells.emplace_back();
  return cells;
}

std::optional<double> number(const std::string& cell) {
  char* end = nullptr;
  const double v = std::strtod(cell.c_str(), &end);
  while (end && (*end == ' ' || *end == '\r' || *end == '\t')) ++end;
  if (end == cell.c_str() || *end != '\0' || !std::isfinite(v)) return std::nullopt;
  return v;
}

// A header row (what spreadsheets and Slicer's .fcsv write): the columns by name. x, y, z
// may be written x, x_mm, x_ras_mm, r/a/s or x_lps_mm; the name as name, label or landmark
// (Slicer's `label` rather than its `id`). None when the row is not a header.
std::optional<LandmarkColumns> headerColumns(const std::vector<std::string>& cells) {
  LandmarkColumns c;
  std::optional<size_t> name, label, id, x, y, z;
  bool lps = false;
  for (size_t i = 0; i < cells.size(); ++i) {
    const std::string h = lowerTrimmed(cells[i]);
    const auto axis = [&](const std::string& a, const std::string& ras) {
      if (h == a || h == a + "_mm" || h == a + "_ras_mm" || h == a + "_ras" || h == ras ||
          h == a + " (mm)")
        return true;
      if (h == a + "_lps_mm" || h == a + "_lps") return lps = true;
      return false;
    };
    if (h == "name" || h == "landmark" || h == "fiducial")
      name = i;
    else if (h == "label")
      label = i;
    else if (h == "id")
      id = i;
    else if (!x && axis("x", "r"))
      x = i;
    else if (!y && axis("y", "a"))
      y = i;
    else if (!z && axis("z", "s"))
      z = i;
  }
  if (!x || !y || !z) return std::nullopt;
  c.name = name ? *name : label ? *label : id ? *id : 0;
  c.x = *x, c.y = *y, c.z = *z;
  c.lps = lps;
  return c;
}
}  // namespace

Result<std::vector<NamedPoint>> readLandmarksCsv(const std::string& path) {
  constexpr size_t kMaxLandmarks = 1000;
  std::ifstream in(path);
  if (!in) return Error{"cannot read " + path};
  std::vector<NamedPoint> out;
  LandmarkColumns columns;
  bool header_seen = false;
  int line_no = 0;
  for (std::string line; std::getline(in, line);) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line.find_first_not_of(" \t") == std::string::npos) continue;
    if (line[0] == '#') {  // Slicer .fcsv: "# columns = id,x,y,..." and "# CoordinateSystem = "
      const std::string l = lowerTrimmed(line);
      if (l.rfind("# columns =", 0) == 0) {
        if (auto h = headerColumns(splitCommas(line.substr(line.find('=') + 1)))) {
          columns.name = h->name, columns.x = h->x, columns.y = h->y, columns.z = h->z;
          header_seen = true;
        }
      } else if (l.rfind("# coordinatesystem =", 0) == 0) {
        const std::string v = lowerTrimmed(line.substr(line.find('=') + 1));
        if (v != "0" && v != "ras" && v != "1" && v != "lps")
          return Error{path + ":" + std::to_string(line_no) + ": CoordinateSystem '" + v +
                       "' is neither RAS (0) nor LPS (1)"};
        columns.lps = v == "1" || v == "lps";
      }
      continue;
    }
    const auto cells = splitCommas(line);
    if (out.empty() && !header_seen && cells.size() >= 4 && !number(cells[1])) {
      auto h = headerColumns(cells);  // a spreadsheet's header row
      if (!h)
        return Error{path + ":" + std::to_string(line_no) +
                     ": a header row needs x, y and z columns (x_ras_mm, x_mm or x; or r, a, s)"};
      columns = *h;
      header_seen = true;
      continue;
    }
    const size_t needed = std::max({columns.name, columns.x, columns.y, columns.z}) + 1;
    if (cells.size() < needed)
      return Error{path + ":" + std::to_string(line_no) + ": expected name,x,y,z"};
    Eigen::Vector3d p;
    const size_t at[3] = {columns.x, columns.y, columns.z};
    for (int k = 0; k < 3; ++k) {
      const auto v = number(cells[at[k]]);
      if (!v)
        return Error{path + ":" + std::to_string(line_no) + ": '" + cells[at[k]] +
                     "' is not a number"};
      p[k] = *v;
    }
    std::string name = cells[columns.name];
    const auto b = name.find_first_not_of(" \""), e = name.find_last_not_of(" \"");
    name = b == std::string::npos ? "" : name.substr(b, e - b + 1);
    out.push_back({name, columns.lps ? p : lpsFromRas(p)});
    if (out.size() > kMaxLandmarks) return Error{path + ": more than 1000 landmarks"};
  }
  if (out.empty()) return Error{path + ": no landmarks"};
  return out;
}

std::string utcNow() {
  char s[32];
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  std::strftime(s, sizeof s, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return s;
}

std::string pointerCalibrationJson(const PointerCalibration& c) {
  const PivotResult& p = c.pivot;
  nlohmann::json j = {{"format", kPointerFormat},
                      {"tool", c.tool},
                      {"relative_to", c.relative_to},
                      {"tip_mm", jsonVec(p.tip_in_marker)},
                      {"pivot_mm", jsonVec(p.pivot_in_tracker)},
                      {"rms_mm", p.rms_mm},
                      {"spread_deg", degFromRad(p.spread_rad)},
                      {"poses_used", p.used},
                      {"poses_rejected", p.rejected},
                      {"source", c.source},
                      {"time", c.time}};
  return j.dump(2) + "\n";
}

Result<PointerCalibration> readPointerCalibration(const std::string& path) {
  auto j = readFormatJson(path, kPointerFormat);
  if (!j) return Error{j.error()};
  auto tip = parseVec(j->value("tip_mm", nlohmann::json()), "tip_mm");
  if (!tip) return Error{path + ": " + tip.error()};
  PointerCalibration c;
  c.pivot.tip_in_marker = *tip;
  try {
    c.tool = j->value("tool", c.tool);
    c.relative_to = j->value("relative_to", c.relative_to);
    c.pivot.rms_mm = j->value("rms_mm", 0.0);
    c.source = j->value("source", "");
    c.time = j->value("time", "");
  } catch (const nlohmann::json::exception&) {
    return Error{path + " has a field of the wrong type"};
  }
  return c;
}

std::string registrationJson(const RegistrationRecord& r) {
  const PatientRegistration& g = r.registration;
  nlohmann::json landmarks = nlohmann::json::array();
  for (const auto& l : g.landmarks)
    landmarks.push_back({{"name", l.name},
                         {"image_ras_mm", jsonVec(rasFromLps(l.image_lps))},
                         {"touched_mm", jsonVec(l.touched)},
                         {"residual_mm", l.residual_mm},
                         {"touched_at_s", l.touched_at_s}});
  nlohmann::json j = {
      {"format", kRegistrationFormat},
      {"from", g.relative_to_head_ref ? "HeadRef" : "Tracker"},
      {"to", "Mri"},
      {"head_ref_to_mri_ras", jsonMat(rasMatrixFromLps(g.head_ref_to_mri.matrix()))},
      {"fre_mm", g.fre_mm},
      {"fle_mm", g.fle_mm},
      {"predicted_tre_mm", g.predicted_tre_mm},
      {"predicted_tre_landmarks_mm", g.predicted_tre_landmarks_mm},
      {"sweep_points", g.sweep_points},
      {"coverage_advice", g.coverage_advice},
      {"landmarks", landmarks},
      {"pointer_tip_mm", jsonVec(g.pointer_tip)},
      {"pointer_tip_source", g.pointer_tip_source},
      {"mri_path", r.mri_path},
      {"mri_sha256", r.mri_sha256},
      {"source", r.source},
      {"time", r.time}};
  // The first landmark touched is the checkpoint to touch again when the reference may
  // have slipped.
  if (r.checkpoint)
    j["checkpoint"] = {{"name", r.checkpoint_name}, {"touched_mm", jsonVec(*r.checkpoint)}};
  else if (!g.landmarks.empty())
    j["checkpoint"] = {{"name", g.landmarks.front().name},
                       {"touched_mm", jsonVec(g.landmarks.front().touched)}};
  // The scalp points used, so that a later session can reuse or compare them.
  nlohmann::json sweep = nlohmann::json::array();
  for (const auto& p : g.sweep) sweep.push_back(jsonVec(p));
  j["sweep_mm"] = sweep;
  if (g.icp)
    j["icp"] = {{"points", g.sweep_points},
                {"mean_distance_before_mm", g.icp->mean_before_mm},
                {"mean_distance_after_mm", g.icp->mean_after_mm},
                {"rms_after_mm", g.icp->rms_after_mm},
                {"inlier_fraction", g.icp->inlier_fraction},
                {"iterations", g.icp->iterations},
                {"converged", g.icp->converged}};
  return j.dump(2) + "\n";
}

Result<RegistrationRecord> readRegistration(const std::string& path) {
  auto j = readFormatJson(path, kRegistrationFormat);
  if (!j) return Error{j.error()};
  auto m = parseMat(j->value("head_ref_to_mri_ras", nlohmann::json()), "head_ref_to_mri_ras");
  if (!m) return Error{path + ": " + m.error()};
  auto rigid = toRigid(lpsMatrixFromRas(*m));
  if (!rigid) return Error{path + ": head_ref_to_mri_ras is not rigid: " + rigid.error()};
  RegistrationRecord r;
  r.registration.head_ref_to_mri = Transform<frame::HeadRef, frame::Mri>(*rigid);
  try {
    r.registration.fre_mm = j->value("fre_mm", 0.0);
    r.registration.fle_mm = j->value("fle_mm", 0.0);
    r.registration.relative_to_head_ref = j->value("from", "HeadRef") == "HeadRef";
    if (j->contains("predicted_tre_mm"))
      r.registration.predicted_tre_mm =
          j->at("predicted_tre_mm").get<std::map<std::string, double>>();
    if (j->contains("pointer_tip_mm")) {
      auto tip = parseVec(j->at("pointer_tip_mm"), "pointer_tip_mm");
      if (!tip) return Error{path + ": " + tip.error()};
      r.registration.pointer_tip = *tip;
      r.registration.pointer_tip_source = j->value("pointer_tip_source", "");
    }
    for (const auto& l : j->value("landmarks", nlohmann::json::array())) {
      auto image = parseVec(l.value("image_ras_mm", nlohmann::json()), "image_ras_mm");
      auto touched = parseVec(l.value("touched_mm", nlohmann::json()), "touched_mm");
      if (!image || !touched) return Error{path + ": a landmark lacks its coordinates"};
      r.registration.landmarks.push_back({l.value("name", ""), lpsFromRas(*image), *touched,
                                          l.value("residual_mm", 0.0),
                                          l.value("touched_at_s", 0.0)});
    }
    if (j->contains("checkpoint")) {
      r.checkpoint_name = j->at("checkpoint").value("name", "");
      auto c = parseVec(j->at("checkpoint").value("touched_mm", nlohmann::json()), "touched_mm");
      if (!c) return Error{path + ": checkpoint: " + c.error()};
      r.checkpoint = *c;
    }
    r.mri_path = j->value("mri_path", "");
    r.mri_sha256 = j->value("mri_sha256", "");
    r.source = j->value("source", "");
    r.time = j->value("time", "");
  } catch (const nlohmann::json::exception&) {
    return Error{path + " has a field of the wrong type"};
  }
  return r;
}

}  // namespace tmsnav
