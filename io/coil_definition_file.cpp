#include "io/coil_definition_file.h"

#include <cmath>
#include <filesystem>

#include "io/json_util.h"

namespace tmsnav {

namespace {
Result<efield::WindingGeometry> parseWinding(const nlohmann::json& j) {
  efield::WindingGeometry w;
  w.turns = j.at("turns_per_wing").get<int>();
  w.inner_loop_radius_mm = j.at("inner_loop_radius_mm").get<double>();
  w.outer_loop_radius_mm = j.at("outer_loop_radius_mm").get<double>();
  w.height_mm = j.at("height_mm").get<double>();
  w.casing_below_mm = j.at("casing_below_mm").get<double>();
  const auto& wings = j.at("wings");
  if (!wings.is_array()) return Error{"winding.wings must be an array"};
  for (const auto& jw : wings) {
    const auto& c = jw.at("centre_mm");
    if (!c.is_array() || c.size() != 2) return Error{"a wing's centre_mm must be [x, y]"};
    w.wings.push_back(
        {{c[0].get<double>(), c[1].get<double>()}, jw.at("current_sign").get<double>()});
  }
  if (auto why = efield::checkWinding(w); !why.empty()) return Error{"winding: " + why};
  return w;
}
}  // namespace

Result<efield::CoilDefinition> readCoilDefinition(const std::string& id_or_path,
                                                  const std::string& coils_dir) {
  namespace fs = std::filesystem;
  const bool is_path =
      id_or_path.find('/') != std::string::npos || fs::path(id_or_path).extension() == ".json";
  const std::string path = is_path ? id_or_path : coils_dir + "/" + id_or_path + ".json";
  if (!is_path && !fs::exists(path)) {
    std::string known;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(coils_dir, ec))
      if (e.path().extension() == ".json")
        known += (known.empty() ? "" : ", ") + e.path().stem().string();
    return Error{"no coil '" + id_or_path + "' (known: " + known + ")"};
  }
  auto j = readJsonObject(path, 1 << 20);
  if (!j) return Error{j.error()};
  efield::CoilDefinition c;
  c.id = fs::path(path).stem().string();
  try {
    c.name = j->value("name", c.id);
    if (j->contains("winding")) {
      const auto& jw = (*j)["winding"];
      auto w = parseWinding(jw);
      if (!w) return Error{"coil " + path + ": " + w.error()};
      c.winding = *w;
      c.winding_source = jw.value("source", "");
    }
    for (const auto& js : j->value("stimulators", nlohmann::json::array())) {
      efield::Stimulator s{js.at("name").get<std::string>(),
                           js.at("didt_a_per_us_at_100_pct_mso").get<double>(),
                           js.value("source", "")};
      if (!(s.didt_at_100_a_per_us > 0 && s.didt_at_100_a_per_us < 1000))
        return Error{"coil " + path + ": a stimulator's dI/dt must be 0-1000 A/us"};
      c.stimulators.push_back(s);
    }
  } catch (const nlohmann::json::exception&) {
    return Error{"coil " + path + " has a missing field or one of the wrong type"};
  }
  return c;
}

Result<FieldCoil> fieldCoil(const efield::CoilDefinition& coil) {
  if (!coil.winding)
    return Error{"coil '" + coil.id +
                 "' has no winding geometry (\"winding\" in its JSON): its field cannot be "
                 "computed; use a coil whose winding is published, e.g. figure8_70mm"};
  // No stimulator listed: dI/dt must then be given (didt_at_100_a_per_us stays 0).
  return FieldCoil{coil,
                   coil.stimulators.empty() ? efield::Stimulator{} : coil.stimulators.front()};
}

}  // namespace tmsnav
