#include "imaging/atlas.h"

#include <cmath>
#include <fstream>
#include <sstream>

#include <Eigen/LU>

#include "imaging/volume.h"

namespace tmsnav {

namespace {
Result<int> aalLabel(const std::string& name, const std::string& names_file) {
  std::ifstream in(names_file);
  if (!in) return Error{"cannot read the AAL label names " + names_file};
  for (std::string line; std::getline(in, line);) {
    std::istringstream ss(line);
    int index = 0;
    std::string label;
    if (ss >> index >> label && label == name) return index;
  }
  return Error{"no AAL region named " + name + " (see " + names_file + ")"};
}

Result<int> positiveNumber(const std::string& text, int max) {
  try {
    size_t used = 0;
    const int n = std::stoi(text, &used);
    if (used == text.size() && n > 0 && n <= max) return n;
  } catch (...) {
  }
  return Error{"'" + text + "' is not a label number from 1 to " + std::to_string(max)};
}
}  // namespace

std::vector<std::string> atlasPaths(const std::string& dir) {
  return {dir + "/" + kBrodmannFile, dir + "/" + kAalFile, dir + "/" + kHarvardOxfordFile};
}

Result<AtlasRegion> resolveAtlasRegion(const std::string& name, const std::string& dir) {
  if (name.rfind("BA", 0) == 0) {
    const auto colon = name.find(':');
    const std::string side = colon == std::string::npos ? "L" : name.substr(colon + 1);
    if (side != "L" && side != "R") return Error{"Brodmann side must be :L or :R"};
    auto number = positiveNumber(
        name.substr(2, colon == std::string::npos ? std::string::npos : colon - 2), 48);
    if (!number) return Error{"atlas:" + name + ": " + number.error()};
    return AtlasRegion{
        dir + "/" + kBrodmannFile, *number, side == "L" ? -1 : 1,
        "Brodmann area " + std::to_string(*number) + (side == "L" ? " (left)" : " (right)")};
  }
  if (name.rfind("AAL:", 0) == 0) {
    auto label = aalLabel(name.substr(4), dir + "/aal.nii.txt");
    if (!label) return Error{label.error()};
    return AtlasRegion{dir + "/" + kAalFile, *label, 0, "AAL " + name.substr(4)};
  }
  if (name.rfind("HO:", 0) == 0) {
    auto label = positiveNumber(name.substr(3), 48);
    if (!label) return Error{"atlas:" + name + ": " + label.error()};
    return AtlasRegion{dir + "/" + kHarvardOxfordFile, *label, 0,
                       "Harvard-Oxford cortical label " + std::to_string(*label)};
  }
  return Error{"unknown atlas region '" + name + "' (BA9, BA46:R, AAL:Frontal_Mid_L, HO:4)"};
}

Result<Eigen::Vector3d> regionCentroidMni(const AtlasRegion& region, AtlasCache& atlases) {
  auto atlas = atlases.get(region.atlas_path);
  if (!atlas) return Error{atlas.error()};
  const Eigen::Vector3i d = (*atlas)->dims();
  const Eigen::Matrix4d to_lps = (*atlas)->voxelToLps();
  const float* p = (*atlas)->image->GetBufferPointer();
  Eigen::Vector3d sum = Eigen::Vector3d::Zero();
  long count = 0;
  for (int z = 0, i = 0; z < d.z(); ++z)
    for (int y = 0; y < d.y(); ++y)
      for (int x = 0; x < d.x(); ++x, ++i) {
        if (static_cast<int>(p[i] + 0.5f) != region.label) continue;
        const Eigen::Vector3d lps = (to_lps * Eigen::Vector4d(x, y, z, 1)).head<3>();
        // LPS +x is the patient's left: side -1 (left) keeps x > 0.
        if (region.side != 0 && (lps.x() > 0) != (region.side < 0)) continue;
        sum += lps;
        ++count;
      }
  if (count == 0) return Error{region.description + " has no voxels in " + region.atlas_path};
  return Eigen::Vector3d(sum / static_cast<double>(count));
}

Result<std::vector<unsigned char>> regionContains(const AtlasRegion& region,
                                                  const std::vector<Eigen::Vector3d>& points_mni,
                                                  double reach_mm, AtlasCache& atlases) {
  auto atlas = atlases.get(region.atlas_path);
  if (!atlas) return Error{atlas.error()};
  const Eigen::Vector3i d = (*atlas)->dims();
  const Eigen::Matrix4d lps_to_voxel = (*atlas)->voxelToLps().inverse();
  const float* p = (*atlas)->image->GetBufferPointer();
  const Eigen::Vector3d sp = (*atlas)->spacingMm();
  const int r[3] = {static_cast<int>(std::ceil(reach_mm / sp.x())),
                    static_cast<int>(std::ceil(reach_mm / sp.y())),
                    static_cast<int>(std::ceil(reach_mm / sp.z()))};
  std::vector<unsigned char> inside(points_mni.size(), 0);
  for (size_t k = 0; k < points_mni.size(); ++k) {
    const Eigen::Vector3d& q = points_mni[k];
    if (region.side != 0 && (q.x() > 0) != (region.side < 0)) continue;  // LPS +x: left
    const Eigen::Vector3d v = (lps_to_voxel * q.homogeneous()).head<3>();
    const int c[3] = {static_cast<int>(std::lround(v.x())), static_cast<int>(std::lround(v.y())),
                      static_cast<int>(std::lround(v.z()))};
    for (int z = c[2] - r[2]; z <= c[2] + r[2] && !inside[k]; ++z)
      for (int y = c[1] - r[1]; y <= c[1] + r[1] && !inside[k]; ++y)
        for (int x = c[0] - r[0]; x <= c[0] + r[0] && !inside[k]; ++x) {
          if (x < 0 || y < 0 || z < 0 || x >= d.x() || y >= d.y() || z >= d.z()) continue;
          const long i = x + static_cast<long>(d.x()) * (y + static_cast<long>(d.y()) * z);
          if (static_cast<int>(p[i] + 0.5f) == region.label) inside[k] = 1;
        }
  }
  return inside;
}

}  // namespace tmsnav
