// Softaxic (EMS) .stmpx (XML; ../shared/INTEROP.md): <stmp> ... <fmp id=".."> ... <fp m00=".."
// ... m22=".." x=".." y=".." z=".." ts="<epoch ms>"/>: per stimulation point a direction-
// cosine matrix D (D[i][j] = m{i}{j}) and a position in the image's RAS mm. Softaxic's coil x
// and y are interchanged relative to SimNIBS's (tmsnav's): the pose is D * R with
// R = [[0, 1, 0], [-1, 0, 0], [0, 0, 1]]. Each point is read as a pulse of its fmp.
#include <pugixml.hpp>

#include "io/exchange_formats.h"

namespace tmsnav {

namespace {
constexpr size_t kMaxPoints = 1000000;

// Every <fp> under node, depth first, in document order (with its nearest <fmp>'s id).
void collect(const pugi::xml_node& node, const std::string& fmp,
             std::vector<std::pair<pugi::xml_node, std::string>>& out, int depth) {
  if (depth > 32 || out.size() > kMaxPoints) return;
  for (const auto& child : node.children()) {
    const std::string name = child.name();
    if (name == "fp")
      out.emplace_back(child, fmp);
    else
      collect(child, name == "fmp" ? child.attribute("id").as_string("") : fmp, out, depth + 1);
  }
}
}  // namespace

Result<Exchange> readSoftaxic(const std::string& text) {
  pugi::xml_document doc;
  const auto parsed = doc.load_buffer(text.data(), text.size(), pugi::parse_default);
  if (!parsed) return Error{std::string("not well-formed XML: ") + parsed.description()};
  const pugi::xml_node root = doc.document_element();
  if (std::string(root.name()) != "stmp") return Error{"XML root is not a Softaxic <stmp>"};
  std::vector<std::pair<pugi::xml_node, std::string>> points;
  collect(root, "", points, 0);
  if (points.size() > kMaxPoints) return Error{"more than 1000000 points"};
  Exchange e;
  e.format = "softaxic";
  Eigen::Matrix3d r;
  r << 0, 1, 0, -1, 0, 0, 0, 0, 1;
  size_t index = 0;
  std::optional<double> first_ms;
  for (const auto& [fp, fmp] : points) {
    ++index;
    const std::string where = "point " + std::to_string(index) + ": ";
    Eigen::Matrix4d m = Eigen::Matrix4d::Identity();
    for (int i = 0; i < 3; ++i)
      for (int j = 0; j < 3; ++j) {
        const std::string key = "m" + std::to_string(i) + std::to_string(j);
        const auto v = parseExchangeNumber(fp.attribute(key.c_str()).as_string(""));
        if (!v) return Error{where + key + " is missing or not a number"};
        m(i, j) = *v;
      }
    const char* xyz[3] = {"x", "y", "z"};
    for (int i = 0; i < 3; ++i) {
      const auto v = parseExchangeNumber(fp.attribute(xyz[i]).as_string(""));
      if (!v) return Error{where + xyz[i] + " is missing or not a number"};
      m(i, 3) = *v;
    }
    m.topLeftCorner<3, 3>() = Eigen::Matrix3d(m.topLeftCorner<3, 3>()) * r;
    auto pose = coilPoseFromRoundedRas(m, &e.largest_rotation_correction);
    if (!pose) return Error{where + pose.error()};
    ExchangePulse p;
    p.name = fmp;
    p.coil_to_mri = *pose;
    if (const auto ms = parseExchangeNumber(fp.attribute("ts").as_string(""))) {
      if (!first_ms || *ms < *first_ms) first_ms = *ms;
      p.t_s = *ms;  // made relative below
    }
    e.pulses.push_back(std::move(p));
  }
  if (e.pulses.empty()) return Error{"no stimulation points (<fp>)"};
  if (first_ms) {
    e.start_unix_s = *first_ms / 1000.0;
    for (auto& p : e.pulses)
      if (p.t_s) p.t_s = (*p.t_s - *first_ms) / 1000.0;
  }
  e.warnings.push_back("coordinates are the image's RAS as Softaxic loaded it");
  return e;
}

}  // namespace tmsnav
