// ANT Neuro Visor2 marker files (.mrk, JSON; ../shared/INTEROP.md): TargetMarkers, each a
// CoilTarget with a 4x4 pose in the associated image's RAS mm, and the image identified by
// its NIfTI qform (quatern b, c, d; qoffset; pixdim with qfac). With CoilAxesConvention
// "simnibs" the pose's axes are SimNIBS's, which are tmsnav's. The coil is CoilInfo.Id.
#include <nlohmann/json.hpp>

#include "io/exchange_formats.h"

namespace tmsnav {

namespace {
constexpr size_t kMaxMarkers = 100000;

Result<Eigen::Matrix4d> matrix4(const nlohmann::json& j) {
  if (!j.is_array() || j.size() != 4) return Error{"RigidTransformMatrix4x4 must be 4 rows"};
  Eigen::Matrix4d m;
  for (int r = 0; r < 4; ++r) {
    const auto& row = j[static_cast<size_t>(r)];
    if (!row.is_array() || row.size() != 4) return Error{"RigidTransformMatrix4x4 must be 4 x 4"};
    for (int c = 0; c < 4; ++c) {
      if (!row[static_cast<size_t>(c)].is_number())
        return Error{"RigidTransformMatrix4x4 holds a value that is not a number"};
      m(r, c) = row[static_cast<size_t>(c)].get<double>();
    }
  }
  return m;
}

template <size_t N>
std::optional<std::array<double, N>> numbers(const nlohmann::json& j, const char* key) {
  const auto it = j.find(key);
  if (it == j.end() || !it->is_array() || it->size() != N) return std::nullopt;
  std::array<double, N> out{};
  for (size_t i = 0; i < N; ++i) {
    if (!(*it)[i].is_number()) return std::nullopt;
    out[i] = (*it)[i].get<double>();
  }
  return out;
}

std::string text(const nlohmann::json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}
}  // namespace

Result<Exchange> readAntMarkers(const std::string& file_text) {
  const auto j = nlohmann::json::parse(file_text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Error{"not a JSON object"};
  const auto markers = j.find("TargetMarkers");
  if (markers == j.end() || !markers->is_array() || markers->size() > kMaxMarkers)
    return Error{"no TargetMarkers list (an ANT Neuro .mrk file has one)"};
  Exchange e;
  e.format = "ant";
  const nlohmann::json config = j.value("Configuration", nlohmann::json::object());
  const nlohmann::json source = config.value("SourceInfo", nlohmann::json::object());
  e.created_by = text(source, "AppName") + " " + text(source, "AppVersion");
  const nlohmann::json image = config.value("AssociatedImageInfo", nlohmann::json::object());
  const auto quatern = numbers<3>(image, "NIfTI_quatern");
  const auto qoffset = numbers<3>(image, "NIfTI_qoffset");
  const auto pixdim = numbers<4>(image, "NIfTI_pixdim");
  if (quatern && qoffset && pixdim)
    e.associated_image = AssociatedImage{*quatern, *qoffset, *pixdim};
  size_t index = 0, other = 0;
  for (const auto& marker : *markers) {
    ++index;
    const std::string where = "TargetMarkers " + std::to_string(index) + ": ";
    if (!marker.is_object() || !marker.contains("CoilTarget")) {
      ++other;  // landmarks and other marker kinds: not coil poses
      continue;
    }
    const auto& t = marker["CoilTarget"];
    if (!t.is_object()) return Error{where + "CoilTarget is not an object"};
    const std::string system = text(t, "CoordinateSystem");
    if (!system.empty() && system != "ASSOCIATED_IMAGE")
      return Error{where + "CoordinateSystem '" + system +
                   "' is not ASSOCIATED_IMAGE (the image's RAS): cannot be placed"};
    const std::string unit = text(t, "PositionalUnit");
    if (!unit.empty() && unit != "mm")
      return Error{where + "PositionalUnit '" + unit + "' is not mm"};
    const std::string axes = text(t, "CoilAxesConvention");
    if (axes != "simnibs")
      return Error{where + "CoilAxesConvention '" + axes +
                   "' is unknown (tmsnav reads \"simnibs\", whose axes are tmsnav's)"};
    const auto pose_json = t.value("CoilPose", nlohmann::json::object());
    auto m = matrix4(pose_json.value("RigidTransformMatrix4x4", nlohmann::json()));
    if (!m) return Error{where + m.error()};
    auto pose = coilPoseFromRoundedRas(*m, &e.largest_rotation_correction);
    if (!pose) return Error{where + pose.error()};
    ExchangeTarget target{text(t, "Name"), *pose, std::nullopt};
    target.coil = text(t.value("CoilInfo", nlohmann::json::object()), "Id");
    e.targets.push_back(std::move(target));
  }
  if (e.targets.empty()) return Error{"no CoilTarget markers"};
  e.space = kScannerRas;  // the associated image's RAS: its qform world
  if (other)
    e.warnings.push_back(std::to_string(other) + " markers that are not CoilTargets left out");
  e.warnings.push_back(
      "coordinates are the associated image's RAS (its NIfTI qform world); give --mri to check "
      "it is this patient's image");
  return e;
}

Result<std::string> writeAntMarkers(const Exchange& e) {
  nlohmann::json markers = nlohmann::json::array();
  for (const auto& t : e.targets) {
    const Eigen::Matrix4d m = rasFromCoilPose(t.coil_to_mri);
    nlohmann::json rows = nlohmann::json::array();
    for (int r = 0; r < 4; ++r) rows.push_back({m(r, 0), m(r, 1), m(r, 2), m(r, 3)});
    markers.push_back({{"CoilTarget",
                        {{"Name", t.name},
                         {"CoordinateSystem", "ASSOCIATED_IMAGE"},
                         {"PositionalUnit", "mm"},
                         {"CoilAxesConvention", "simnibs"},
                         {"CoilInfo", {{"Type", ""}, {"Id", t.coil}}},
                         {"CoilPose", {{"RigidTransformMatrix4x4", rows}}}}}});
  }
  nlohmann::json config = {{"SourceInfo", {{"AppName", "tmsnav"}, {"AppVersion", e.created_by}}}};
  if (e.associated_image)
    config["AssociatedImageInfo"] = {{"NIfTI_quatern", e.associated_image->quatern},
                                     {"NIfTI_qoffset", e.associated_image->qoffset},
                                     {"NIfTI_pixdim", e.associated_image->pixdim}};
  return nlohmann::json({{"Configuration", config}, {"TargetMarkers", markers}}).dump(4) + "\n";
}

}  // namespace tmsnav
