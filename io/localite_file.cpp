// Localite TMS Navigator's InstrumentMarkerList (saved coil poses: targets) and
// TriggerMarkerList (one marker per pulse) XML (../shared/INTEROP.md), through pugixml.
// Matrix4D's dataRC is row R, column C, translation in data03/13/23 (mm); coordinateSpace
// says RAS or LPS (older files). A pulse with an untracked coil is set="false" with an
// identity matrix and stays untracked. An identity matrix is never a pose, whatever `set`
// says: it would put the coil at the image's origin, inside the head (SimNIBS's reader
// skips it too); an instrument marker never set or never moved is a placeholder.
#include <cmath>
#include <sstream>

#include <pugixml.hpp>

#include "io/exchange_formats.h"

namespace tmsnav {

namespace {
// Refuses an XML document nested deeper than this (a hostile file, not a marker list).
constexpr int kMaxXmlDepth = 32;

int depthOf(const pugi::xml_node& node, int depth = 0) {
  if (depth > kMaxXmlDepth) return depth;  // no deeper: the stack stays small
  int deepest = depth;
  for (const auto& child : node.children()) {
    if (deepest > kMaxXmlDepth) break;
    deepest = std::max(deepest, depthOf(child, depth + 1));
  }
  return deepest;
}

Result<Eigen::Matrix4d> matrixOf(const pugi::xml_node& marker) {
  const pugi::xml_node m = marker.child("Matrix4D");
  if (!m) return Error{"a marker without Matrix4D"};
  Eigen::Matrix4d out;
  for (int r = 0; r < 4; ++r)
    for (int c = 0; c < 4; ++c) {
      const std::string name = "data" + std::to_string(r) + std::to_string(c);
      const auto v = parseExchangeNumber(m.attribute(name.c_str()).as_string(""));
      if (!v) return Error{"Matrix4D " + name + " is missing or not a number"};
      out(r, c) = *v;
    }
  return out;
}

// The Localite pose (its coil axes, the file's space) as a tmsnav coil pose.
Result<Transform<frame::Coil, frame::Mri>> poseOf(Eigen::Matrix4d m, bool lps) {
  if (lps) m.topRows<2>() *= -1.0;  // LPS to RAS: diag(-1, -1, 1, 1) * M
  m.topLeftCorner<3, 3>() = localiteAxesFromTmsnav(m.topLeftCorner<3, 3>());
  return coilPoseFromRas(m);
}

// Localite writes the identity for a marker that has no pose; rounding keeps it exact.
bool isIdentity(const Eigen::Matrix4d& m) {
  return m.isIdentity(0.0);
}

// A reported dI/dt of 0 (or NaN) means the stimulator did not report one.
std::optional<double> reportedDidt(const std::optional<double>& v) {
  return v && *v > 0.0 ? v : std::nullopt;
}

std::optional<double> responseValue(const pugi::xml_node& trigger, const char* key) {
  for (const auto& v : trigger.child("ResponseValues").children("Value"))
    if (std::string(v.attribute("key").as_string()) == key)
      return parseExchangeNumber(v.attribute("response").as_string(""));  // "NaN": none
  return std::nullopt;
}

void writeMatrix(pugi::xml_node parent,
                 const std::optional<Transform<frame::Coil, frame::Mri>>& pose) {
  Eigen::Matrix4d m = Eigen::Matrix4d::Identity();
  if (pose) {
    m = rasFromCoilPose(*pose);
    m.topLeftCorner<3, 3>() = localiteAxesFromTmsnav(m.topLeftCorner<3, 3>());
  }
  auto node = parent.append_child("Matrix4D");
  for (int r = 0; r < 4; ++r)
    for (int c = 0; c < 4; ++c)
      node.append_attribute(("data" + std::to_string(r) + std::to_string(c)).c_str()) =
          exchangeNumber(m(r, c)).c_str();
}

std::string documentText(const pugi::xml_document& doc) {
  std::ostringstream o;
  doc.save(o, "    ", pugi::format_default, pugi::encoding_utf8);
  return o.str();
}

pugi::xml_node listRoot(pugi::xml_document& doc, const char* name, const Exchange& e) {
  auto decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  decl.append_attribute("encoding") = "UTF-8";
  doc.append_child(pugi::node_comment)
      .set_value((" written by " + e.created_by +
                  "; coordinateSpace RAS: the MRI's world, mm; Localite coil axes ")
                     .c_str());
  auto root = doc.append_child(name);
  root.append_attribute("coordinateSpace") = "RAS";
  return root;
}
}  // namespace

Result<Exchange> readLocalite(const std::string& text) {
  pugi::xml_document doc;
  const auto parsed = doc.load_buffer(text.data(), text.size(), pugi::parse_default);
  if (!parsed) return Error{std::string("not well-formed XML: ") + parsed.description()};
  if (depthOf(doc) > kMaxXmlDepth) return Error{"XML nested too deeply"};
  const pugi::xml_node root = doc.document_element();
  const std::string kind = root.name();
  if (kind != "InstrumentMarkerList" && kind != "TriggerMarkerList")
    return Error{"XML root <" + kind +
                 "> is not a Localite InstrumentMarkerList or TriggerMarkerList"};
  const std::string space = root.attribute("coordinateSpace").as_string("RAS");
  if (space != "RAS" && space != "LPS" && space != "MNI")
    return Error{"coordinateSpace '" + space + "' is none of RAS, LPS or MNI"};
  Exchange e;
  e.format = "localite";
  const bool lps = space == "LPS";
  if (space == "MNI") {  // a session run on an MNI template: RAS coordinates in MNI space
    e.space = kMniRas;
    e.warnings.push_back(
        "coordinateSpace MNI: the poses are in MNI space, not on the patient's MRI (give --mri "
        "or --plan to carry them onto the patient)");
  }
  int index = 0;
  if (kind == "InstrumentMarkerList") {
    for (const auto& im : root.children("InstrumentMarker")) {
      ++index;
      const auto marker = im.child("Marker");
      auto m = matrixOf(marker);
      if (!marker.attribute("set").as_bool(true) || (m && isIdentity(*m))) {  // never saved
        ++e.placeholders_skipped;
        continue;
      }
      if (!m) return Error{"InstrumentMarker " + std::to_string(index) + ": " + m.error()};
      auto pose = poseOf(*m, lps);
      if (!pose) return Error{"InstrumentMarker " + std::to_string(index) + ": " + pose.error()};
      e.targets.push_back({marker.attribute("description").as_string(""), *pose});
    }
    if (e.placeholders_skipped)
      e.warnings.push_back(std::to_string(e.placeholders_skipped) +
                           " placeholder InstrumentMarkers (set=\"false\" or no pose) left out");
    return e;
  }
  for (const auto& tm : root.children("TriggerMarker")) {
    ++index;
    ExchangePulse p;
    p.name = tm.attribute("description").as_string("");
    if (const auto ms = parseExchangeNumber(tm.attribute("recordingTime").as_string("")))
      p.t_s = *ms / 1000.0;
    p.didt_a_per_us = reportedDidt(responseValue(tm, "valueA"));
    p.intensity_pct_mso = responseValue(tm, "amplitudeA");
    p.mep_uv = responseValue(tm, "response");  // older files; newer ones: mepAmplitude
    if (!p.mep_uv) p.mep_uv = responseValue(tm, "mepAmplitude");
    // set="false" or the identity: the coil was not tracked at this pulse
    if (const auto m = matrixOf(tm); tm.attribute("set").as_bool(true) && !(m && isIdentity(*m))) {
      if (!m) return Error{"TriggerMarker " + std::to_string(index) + ": " + m.error()};
      auto pose = poseOf(*m, lps);
      if (!pose) return Error{"TriggerMarker " + std::to_string(index) + ": " + pose.error()};
      p.coil_to_mri = *pose;
    }
    e.pulses.push_back(std::move(p));
  }
  return e;
}

Result<std::string> writeLocaliteInstruments(const Exchange& e) {
  pugi::xml_document doc;
  auto root = listRoot(doc, "InstrumentMarkerList", e);
  int index = 0;
  for (const auto& t : e.targets) {
    auto im = root.append_child("InstrumentMarker");
    im.append_attribute("alwaysVisible") = "false";
    im.append_attribute("index") = index++;
    im.append_attribute("selected") = "false";
    auto marker = im.append_child("Marker");
    marker.append_attribute("additionalInformation") = "";
    marker.append_attribute("color") = "#ff0000";
    marker.append_attribute("description") = t.name.c_str();
    marker.append_attribute("set") = "true";
    writeMatrix(marker, t.coil_to_mri);
  }
  return documentText(doc);
}

Result<std::string> writeLocaliteTriggers(const Exchange& e) {
  pugi::xml_document doc;
  auto root = listRoot(doc, "TriggerMarkerList", e);
  const auto value = [](const std::optional<double>& v) {
    return v ? exchangeNumber(*v) : std::string("NaN");
  };
  for (const auto& p : e.pulses) {
    auto tm = root.append_child("TriggerMarker");
    tm.append_attribute("description") = p.name.c_str();
    tm.append_attribute("recordingTime") = exchangeNumber(p.t_s.value_or(0.0) * 1000.0).c_str();
    tm.append_attribute("set") = p.coil_to_mri ? "true" : "false";
    auto values = tm.append_child("ResponseValues");
    for (const auto& [key, v] :
         {std::pair{"valueA", p.didt_a_per_us}, std::pair{"amplitudeA", p.intensity_pct_mso},
          std::pair{"response", p.mep_uv}}) {
      auto node = values.append_child("Value");
      node.append_attribute("key") = key;
      node.append_attribute("response") = value(v).c_str();
    }
    writeMatrix(tm, p.coil_to_mri);
  }
  return documentText(doc);
}

}  // namespace tmsnav
