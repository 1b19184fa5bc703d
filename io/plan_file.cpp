#include "io/plan_file.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/coords.h"
#include "io/json_util.h"
#include "io/sha256.h"
#include "tracking/rigid.h"

namespace tmsnav {

nlohmann::json beamF3Json(const BeamF3& b) {
  return {{"tragus_tragus_mm", b.tragus_tragus_mm},
          {"nasion_inion_mm", b.nasion_inion_mm},
          {"circumference_mm", b.circumference_mm},
          {"x_along_circumference_mm", b.distances.along_circumference_mm},
          {"y_from_vertex_mm", b.distances.from_vertex_mm},
          {"y_adjusted_from_vertex_mm", b.distances.from_vertex_mm + kBeamF3AdjustmentMm},
          {"circumference_point_ras_mm", jsonVec(rasFromLps(b.circumference_point_lps))}};
}

nlohmann::json plannedTargetJson(const PlannedTarget& t) {
  nlohmann::json j = {{"name", t.name},
                      {"method", t.method},
                      {"target_ras_mm", jsonVec(rasFromLps(t.target_lps))},
                      {"entry_ras_mm", jsonVec(rasFromLps(t.entry_lps))},
                      {"scalp_to_target_mm", t.scalp_to_target_mm},
                      {"coil_to_mri_ras", jsonMat(rasMatrixFromLps(t.target_to_mri.matrix()))}};
  if (t.target_mni_lps) j["target_mni_mm"] = jsonVec(rasFromLps(*t.target_mni_lps));
  if (t.scalp_to_cortex_mm) j["scalp_to_cortex_mm"] = *t.scalp_to_cortex_mm;
  if (t.source_mni_lps) j["atlas_centroid_mni_mm"] = jsonVec(rasFromLps(*t.source_mni_lps));
  return j;
}

Result<Done> identifyMri(Plan& plan, const std::string& mri_path) {
  std::error_code ec;
  const auto abs = std::filesystem::absolute(mri_path, ec);
  plan.mri_path = ec ? mri_path : abs.lexically_normal().string();
  auto sha = sha256File(mri_path);
  if (!sha) return Error{sha.error()};
  plan.mri_sha256 = *sha;
  return Done{};
}

std::string planToJson(const Plan& plan) {
  nlohmann::json j;
  j["format"] = "tmsnav-plan-1";
  j["mri_path"] = plan.mri_path;
  j["mri_sha256"] = plan.mri_sha256;
  j["patient_id"] = plan.patient_id;
  j["handle_angle_deg"] = degFromRad(plan.handle_angle_rad);
  j["scalp_offset_mm"] = plan.scalp_offset_mm;
  if (plan.beam_f3) j["beam_f3"] = beamF3Json(*plan.beam_f3);
  j["entry"] = plan.entry_along_cortex_normal ? "cortex-normal" : "nearest";
  j["targets"] = nlohmann::json::array();
  for (const auto& t : plan.targets) j["targets"].push_back(plannedTargetJson(t));
  if (const auto& r = plan.registration) {
    j["mni_registration"] = {{"template", kMniTemplate},
                             {"mni_to_subject_ras", jsonMat(rasMapFromLpsMap(r->mni_to_subject))},
                             {"subject_to_mni_ras", jsonMat(rasMapFromLpsMap(r->subject_to_mni))},
                             {"final_metric", r->final_metric},
                             {"scale_determinant", r->scale_determinant},
                             {"warnings", r->warnings}};
    if (r->head_dice) j["mni_registration"]["head_dice"] = *r->head_dice;
    j["mni_registration"]["header_turn_deg"] = r->header_turn_deg;
    if (!r->orientation_figures.empty())
      j["mni_registration"]["orientation_evidence"] = r->orientation_figures;
    // A registration the anatomy refused stays refused when the plan is read back.
    if (r->unusable) j["mni_registration"]["unusable"] = *r->unusable;
  }
  if (!plan.landmarks_lps.empty()) {
    j["landmarks_ras_mm"] = nlohmann::json::object();
    for (const auto& [name, p] : plan.landmarks_lps)
      j["landmarks_ras_mm"][name] = jsonVec(rasFromLps(p));
  }
  if (!plan.ten_twenty_lps.empty()) {
    j["ten_twenty_ras_mm"] = nlohmann::json::object();
    for (const auto& [name, p] : plan.ten_twenty_lps)
      j["ten_twenty_ras_mm"][name] = jsonVec(rasFromLps(p));
  }
  return j.dump(2) + "\n";
}

Result<PlannedTarget> parseTarget(const nlohmann::json& jt) {
  if (!jt.is_object()) return Error{"each target must be an object"};
  PlannedTarget t;
  t.name = jt.value("name", "");
  t.method = jt.value("method", "");
  auto target = parseVec(jt.value("target_ras_mm", nlohmann::json()), "target_ras_mm");
  auto entry = parseVec(jt.value("entry_ras_mm", nlohmann::json()), "entry_ras_mm");
  auto pose = parseMat(jt.value("coil_to_mri_ras", nlohmann::json()), "coil_to_mri_ras");
  if (!target) return Error{target.error()};
  if (!entry) return Error{entry.error()};
  if (!pose) return Error{pose.error()};
  auto rigid = toRigid(lpsMatrixFromRas(*pose));
  if (!rigid) return Error{"coil_to_mri_ras: " + rigid.error()};
  t.target_lps = lpsFromRas(*target);
  t.entry_lps = lpsFromRas(*entry);
  t.scalp_to_target_mm = (t.target_lps - t.entry_lps).norm();
  if (jt.contains("scalp_to_cortex_mm") && jt["scalp_to_cortex_mm"].is_number())
    t.scalp_to_cortex_mm = jt["scalp_to_cortex_mm"].get<double>();
  t.target_to_mri = Transform<frame::Target, frame::Mri>(*rigid);
  if (jt.contains("target_mni_mm")) {
    auto mni = parseVec(jt["target_mni_mm"], "target_mni_mm");
    if (!mni) return Error{mni.error()};
    t.target_mni_lps = lpsFromRas(*mni);
  }
  return t;
}

static Result<Plan> parsePlan(const nlohmann::json& j, const std::string& path);

// The MNI registration as planToJson wrote it: what `import --plan` and the MNI targets of
// a later session reuse. Refused (not dropped) when present but malformed.
static Result<MniRegistration> parseMniRegistration(const nlohmann::json& r) {
  if (!r.is_object()) return Error{"mni_registration must be an object"};
  auto to_subject = parseMat(r.value("mni_to_subject_ras", nlohmann::json()), "mni_to_subject_ras");
  auto to_mni = parseMat(r.value("subject_to_mni_ras", nlohmann::json()), "subject_to_mni_ras");
  if (!to_subject) return Error{to_subject.error()};
  if (!to_mni) return Error{to_mni.error()};
  MniRegistration reg;
  // RAS to RAS back to LPS to LPS: the flip is its own inverse.
  reg.mni_to_subject = rasMapFromLpsMap(*to_subject);
  reg.subject_to_mni = rasMapFromLpsMap(*to_mni);
  if (!(reg.mni_to_subject * reg.subject_to_mni).isIdentity(1e-6))
    return Error{"mni_registration: mni_to_subject_ras and subject_to_mni_ras are not inverses"};
  reg.final_metric = r.value("final_metric", 0.0);
  reg.scale_determinant =
      r.value("scale_determinant", reg.mni_to_subject.topLeftCorner<3, 3>().determinant());
  if (const auto& d = r.value("head_dice", nlohmann::json()); d.is_number())
    reg.head_dice = d.get<double>();
  reg.header_turn_deg = r.value("header_turn_deg", 0.0);
  if (const auto& w = r.value("warnings", nlohmann::json()); w.is_array())
    for (const auto& s : w)
      if (s.is_string()) reg.warnings.push_back(s.get<std::string>());
  reg.orientation_figures = r.value("orientation_evidence", "");
  if (const auto& u = r.value("unusable", nlohmann::json()); u.is_string())
    reg.unusable = u.get<std::string>();
  return reg;
}

Result<Plan> readPlan(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{"cannot read plan " + path};
  nlohmann::json j = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return Error{"plan " + path + " is not valid JSON"};
  try {
    return parsePlan(j, path);
  } catch (const nlohmann::json::exception&) {
    return Error{"plan " + path + " has a field of the wrong type"};
  }
}

static Result<Plan> parsePlan(const nlohmann::json& j, const std::string& path) {
  Plan plan;
  plan.mri_path = j.value("mri_path", "");
  plan.mri_sha256 = j.value("mri_sha256", "");
  plan.patient_id = j.value("patient_id", "");
  if (const auto& a = j.value("handle_angle_deg", nlohmann::json()); a.is_number())
    plan.handle_angle_rad = radFromDeg(a.get<double>());
  if (const auto& o = j.value("scalp_offset_mm", nlohmann::json()); o.is_number())
    plan.scalp_offset_mm = o.get<double>();
  const auto& targets = j.value("targets", nlohmann::json());
  if (!targets.is_array() || targets.empty()) return Error{"plan " + path + " has no targets"};
  for (const auto& jt : targets) {
    auto t = parseTarget(jt);
    if (!t) return Error{"plan " + path + ": " + t.error()};
    plan.targets.push_back(std::move(*t));
  }
  if (j.contains("mni_registration")) {
    auto reg = parseMniRegistration(j["mni_registration"]);
    if (!reg) return Error{"plan " + path + ": " + reg.error()};
    plan.registration = std::move(*reg);
  }
  // The scalp landmarks registration touches (nasion, lpa, rpa, inion).
  if (const auto& lm = j.value("landmarks_ras_mm", nlohmann::json()); lm.is_object())
    for (const auto& [name, value] : lm.items()) {
      auto p = parseVec(value, "landmarks_ras_mm");
      if (!p) return Error{"plan " + path + ": " + p.error()};
      plan.landmarks_lps[name] = lpsFromRas(*p);
    }
  return plan;
}

}  // namespace tmsnav
