#include "app/asset_paths.h"

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "core/coords.h"
#include "imaging/atlas.h"
#include "io/json_util.h"

namespace tmsnav {

std::string executableDir() {
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::string(".") : exe.parent_path().string();
}

std::string assetDir() {
  return (std::filesystem::path(executableDir()) / ".." / "share" / "tmsnav" / "assets")
      .lexically_normal()
      .string();
}

DataPaths installedDataPaths() {
  return {kTemplateDir, assetDir() + "/mni/fiducials.json",
          defaultCoilModel()};
}

Result<std::map<std::string, Eigen::Vector3d>> loadMniFiducials(const std::string& path) {
  std::ifstream in(path);
  const auto j = nlohmann::json::parse(in, nullptr, false);
  if (!in || j.is_discarded() || !j.is_object()) return Error{"cannot read " + path};
  std::map<std::string, Eigen::Vector3d> out;
  for (const char* name : {"nasion", "inion", "lpa", "rpa"}) {
    auto v = parseVec(j.value(name, nlohmann::json()), name);
    if (!v) return Error{path + ": " + v.error()};
    out[name] = lpsFromRas(*v);
  }
  return out;
}

Result<CoilGeometry> loadCoilGeometry(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Error{"cannot read coil model " + path};
  const auto j = nlohmann::json::parse(in, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Error{"coil model " + path + " is not JSON"};
  if (j.contains("wing_gap_mm") && !j.contains("wing_centre_mm"))
    return Error{"coil model " + path +
                 ": wing_gap_mm is replaced by wing_centre_mm (the wings' centres at x = "
                 "+-wing_centre_mm; assets/coils/README.md)"};
  CoilGeometry g;
  try {
    g.name = j.value("name", g.name);
    g.wing_centre_mm = j.value("wing_centre_mm", g.wing_centre_mm);
    g.wing_radius_mm = j.value("wing_radius_mm", g.wing_radius_mm);
    g.casing_thickness_mm = j.value("casing_thickness_mm", g.casing_thickness_mm);
    g.edge_radius_mm = j.value("edge_radius_mm", g.edge_radius_mm);
    g.handle_length_mm = j.value("handle_length_mm", g.handle_length_mm);
    g.handle_width_mm = j.value("handle_width_mm", g.handle_width_mm);
    g.handle_height_mm = j.value("handle_height_mm", g.handle_height_mm);
    g.handle_clearance_mm = j.value("handle_clearance_mm", g.handle_clearance_mm);
    g.casing_mesh = j.value("casing_mesh", g.casing_mesh);
  } catch (const nlohmann::json::exception&) {
    return Error{"coil model " + path + " has a field of the wrong type"};
  }
  if (auto why = checkCoilGeometry(g); !why.empty()) return Error{"coil model " + path + ": " + why};
  if (!g.casing_mesh.empty() && std::filesystem::path(g.casing_mesh).is_relative())
    g.casing_mesh = (std::filesystem::path(path).parent_path() / g.casing_mesh).string();
  return g;
}

Result<vtkSmartPointer<vtkPolyData>> loadCoilMesh(const std::string& path) {
  auto g = loadCoilGeometry(path);
  if (!g) return Error{g.error()};
  return coilMesh(*g);
}

}  // namespace tmsnav
