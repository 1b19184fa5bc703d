// 3D Slicer markups (.mrk.json, ../shared/INTEROP.md): a point list whose control points
// carry a position and a row-major 3x3 orientation (its columns: the point's axes). tmsnav
// writes each target twice: the coil pose ("NAME", tmsnav's coil axes) and its cortical
// target ("NAME cortex", described "cortical target of NAME"). On reading, every other
// control point is a target.
#include <map>
#include <sstream>

#include <Eigen/Geometry>
#include <nlohmann/json.hpp>

#include "core/coords.h"
#include "io/exchange_formats.h"

namespace tmsnav {

namespace {
constexpr const char* kSchema =
    "https://raw.githubusercontent.com/slicer/slicer/master/Modules/Loadable/Markups/Resources/"
    "Schema/markups-schema-v1.0.3.json#";
constexpr const char* kCortexPrefix = "cortical target of ";
constexpr size_t kMaxControlPoints = 100000;

Result<Eigen::Vector3d> vector3(const nlohmann::json& j, const char* what) {
  if (!j.is_array() || j.size() != 3) return Error{std::string(what) + " must be 3 numbers"};
  Eigen::Vector3d v;
  for (int i = 0; i < 3; ++i) {
    if (!j[i].is_number()) return Error{std::string(what) + " must be 3 numbers"};
    v[i] = j[i].get<double>();
  }
  return v;
}

Result<Eigen::Matrix3d> orientation(const nlohmann::json& point) {
  const auto it = point.find("orientation");
  if (it == point.end()) return Eigen::Matrix3d::Identity().eval();
  if (!it->is_array() || it->size() != 9) return Error{"orientation must be 9 numbers"};
  Eigen::Matrix3d r;
  for (int i = 0; i < 9; ++i) {
    if (!(*it)[i].is_number()) return Error{"orientation must be 9 numbers"};
    r(i / 3, i % 3) = (*it)[i].get<double>();
  }
  return r;
}

Result<Done> readPoint(const nlohmann::json& point, bool lps, Exchange& e) {
  if (!point.is_object()) return Error{"a control point that is not an object"};
  auto p = vector3(point.value("position", nlohmann::json()), "position");
  if (!p) return Error{p.error()};
  auto r = orientation(point);
  if (!r) return Error{r.error()};
  if (lps) {  // Slicer negates position x, y and the first six orientation numbers
    p->head<2>() *= -1.0;
    r->topRows<2>() *= -1.0;
  }
  const std::string label = point.value("label", "");
  const std::string description = point.value("description", "");
  if (description.rfind(kCortexPrefix, 0) == 0) {
    const std::string of = description.substr(std::char_traits<char>::length(kCortexPrefix));
    for (auto& t : e.targets)
      if (t.name == of) t.cortex_lps = lpsFromRas(*p);
    return Done{};
  }
  Eigen::Matrix4d m = Eigen::Matrix4d::Identity();
  m.topLeftCorner<3, 3>() = *r;
  m.topRightCorner<3, 1>() = *p;
  auto pose = coilPoseFromRas(m);
  if (!pose) return Error{"control point '" + label + "': " + pose.error()};
  e.targets.push_back({label, *pose, std::nullopt});
  return Done{};
}
}  // namespace

Result<Exchange> readSlicerMarkups(const std::string& text) {
  const auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Error{"not a JSON object"};
  const std::string schema = j.value("@schema", "");
  if (schema.find("markups-schema-v1.") == std::string::npos)
    return Error{"not a Slicer markups file (its @schema is not markups-schema-v1.x)"};
  const auto markups = j.find("markups");
  if (markups == j.end() || !markups->is_array()) return Error{"no markups list"};
  Exchange e;
  e.format = "slicer";
  for (const auto& markup : *markups) {
    if (!markup.is_object()) return Error{"a markup that is not an object"};
    const std::string system = markup.value("coordinateSystem", "LPS");
    if (system != "LPS" && system != "RAS")
      return Error{"coordinateSystem '" + system + "' is neither LPS nor RAS"};
    if (markup.value("coordinateUnits", "mm") != "mm") return Error{"coordinateUnits must be mm"};
    const auto points = markup.find("controlPoints");
    if (points == markup.end()) continue;
    if (!points->is_array() || points->size() > kMaxControlPoints)
      return Error{"controlPoints must be a list (of at most 100000)"};
    for (const auto& point : *points)
      if (auto r = readPoint(point, system == "LPS", e); !r) return Error{r.error()};
  }
  if (e.targets.empty()) return Error{"no control points"};
  return e;
}

// Slicer's older fiducial list (.fcsv, Slicer 4): '#' lines give the version, the
// coordinate system (0 or RAS; 1 or LPS) and the columns; one row per point with its
// orientation as a quaternion (ow, ox, oy, oz). Each point is a target.
Result<Exchange> readSlicerFcsv(const std::string& text) {
  constexpr size_t kMaxRows = 100000;
  Exchange e;
  e.format = "slicer-fcsv";
  std::vector<std::string> columns = {
      "id", "x",   "y",   "z",    "ow",    "ox",   "oy",
      "oz", "vis", "sel", "lock", "label", "desc", "associatedNodeID"};
  bool lps = false;
  std::istringstream in(text);
  int number = 0;
  const auto split = [](const std::string& line) {
    std::vector<std::string> cells(1);
    for (char c : line)
      if (c == ',')
        cells.emplace_back();
      else if (c != '\r')
        cells.back() += c;
    for (auto& cell : cells) {
      const auto b = cell.find_first_not_of(' '), end = cell.find_last_not_of(' ');
      cell = b == std::string::npos ? "" : cell.substr(b, end - b + 1);
    }
    return cells;
  };
  for (std::string line; std::getline(in, line);) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    const std::string where = "line " + std::to_string(number) + ": ";
    if (line[0] == '#') {
      const auto eq = line.find('=');
      if (eq == std::string::npos) continue;
      std::string key = line.substr(1, eq - 1), value = line.substr(eq + 1);
      key.erase(0, key.find_first_not_of(' '));
      key.erase(key.find_last_not_of(' ') + 1);
      value.erase(0, value.find_first_not_of(' '));
      value.erase(value.find_last_not_of(" \r") + 1);
      if (key == "columns") columns = split(value);
      if (key == "CoordinateSystem") {
        if (value != "0" && value != "RAS" && value != "1" && value != "LPS")
          return Error{where + "CoordinateSystem '" + value + "' is neither RAS (0) nor LPS (1)"};
        lps = value == "1" || value == "LPS";
      }
      continue;
    }
    const auto cells = split(line);
    std::map<std::string, std::string> row;
    for (size_t i = 0; i < columns.size() && i < cells.size(); ++i) row[columns[i]] = cells[i];
    const auto num = [&](const char* key) { return parseExchangeNumber(row[key]); };
    const auto x = num("x"), y = num("y"), z = num("z");
    if (!x || !y || !z) return Error{where + "x, y and z must be numbers"};
    Eigen::Vector3d p(*x, *y, *z);
    Eigen::Matrix3d r = Eigen::Matrix3d::Identity();
    const auto w = num("ow"), qx = num("ox"), qy = num("oy"), qz = num("oz");
    if (w && qx && qy && qz) {
      const Eigen::Quaterniond q(*w, *qx, *qy, *qz);
      if (q.norm() < 1e-6) return Error{where + "orientation quaternion is zero"};
      r = q.normalized().toRotationMatrix();
    }
    if (lps) {  // as Slicer does for LPS markups: position x, y and rows 0, 1 negated
      p.head<2>() *= -1.0;
      r.topRows<2>() *= -1.0;
    }
    Eigen::Matrix4d m = Eigen::Matrix4d::Identity();
    m.topLeftCorner<3, 3>() = r;
    m.topRightCorner<3, 1>() = p;
    auto pose = coilPoseFromRas(m);
    if (!pose) return Error{where + pose.error()};
    const std::string label = !row["label"].empty() ? row["label"] : row["id"];
    e.targets.push_back({label, *pose, std::nullopt});
    if (e.targets.size() > kMaxRows) return Error{"more than 100000 points"};
  }
  if (e.targets.empty()) return Error{"no points"};
  e.warnings.push_back(
      "a Slicer fiducial list: positions (and Slicer's point orientation), not "
      "coil poses planned for a coil");
  return e;
}

Result<std::string> writeSlicerMarkups(const Exchange& e) {
  nlohmann::json points = nlohmann::json::array();
  const auto point = [&](const std::string& label, const Eigen::Vector3d& p_lps,
                         const Eigen::Matrix3d& r_ras, const std::string& description) {
    const Eigen::Vector3d p = rasFromLps(p_lps);
    nlohmann::json orientation = nlohmann::json::array();
    for (int i = 0; i < 9; ++i) orientation.push_back(r_ras(i / 3, i % 3));
    points.push_back({{"id", std::to_string(points.size() + 1)},
                      {"label", label},
                      {"description", description},
                      {"position", {p.x(), p.y(), p.z()}},
                      {"orientation", orientation},
                      {"selected", true},
                      {"locked", true},
                      {"visibility", true},
                      {"positionStatus", "defined"}});
  };
  for (const auto& t : e.targets) {
    const Eigen::Matrix3d r = rasFromCoilPose(t.coil_to_mri).topLeftCorner<3, 3>();
    point(t.name, t.coil_to_mri.iso().translation(), r,
          "coil pose: x, y toward the handle, z into the head (tmsnav)");
    if (t.cortex_lps) point(t.name + " cortex", *t.cortex_lps, r, kCortexPrefix + t.name);
  }
  nlohmann::json j = {
      {"@schema", kSchema},
      {"markups",
       {{{"type", "Fiducial"},
         {"name", "tmsnav targets (" + e.created_by + ")"},
         {"coordinateSystem", "RAS"},
         {"coordinateUnits", "mm"},
         {"locked", true},
         {"labelFormat", "%N-%d"},
         {"controlPoints", points},
         {"display", {{"visibility", true}, {"glyphType", "Sphere3D"}, {"glyphScale", 3.0}}}}}}};
  return j.dump(4) + "\n";
}

}  // namespace tmsnav
