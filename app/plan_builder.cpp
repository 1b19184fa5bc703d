#include "app/plan_builder.h"

#include <filesystem>

#include "app/sha256.h"
#include "imaging/atlas.h"

namespace tmsnav {

Result<PlannedTarget> planSpec(vtkPolyData* scalp_lps, const TargetSpec& spec,
                               const PlanOptions& options, const MniRegistration* registration) {
  if (spec.inMni() && !registration) return Error{spec.name + ": needs the MNI registration"};
  const Eigen::Vector3d subject =
      spec.inMni() ? registration->toSubject(spec.point_lps) : spec.point_lps;
  auto t = planTarget(scalp_lps, subject, options);
  if (!t) return Error{spec.name + ": " + t.error()};
  t->name = spec.name;
  t->method = spec.method;
  if (registration)
    t->target_mni_lps = spec.inMni() ? spec.point_lps : registration->toMni(subject);
  return t;
}

std::map<std::string, Eigen::Vector3d> scalpLandmarks(
    vtkPolyData* scalp_lps, const MniRegistration& registration,
    const std::map<std::string, Eigen::Vector3d>& fiducials) {
  std::map<std::string, Eigen::Vector3d> out;
  for (const auto& [name, p_mni] : fiducials)
    if (auto p = nearestScalpPoint(scalp_lps, registration.toSubject(p_mni))) out[name] = *p;
  return out;
}

Result<ScalpLandmarks> PlanningContext::scalpLandmarksStruct() const {
  for (const char* name : {"nasion", "inion", "lpa", "rpa"})
    if (!landmarks_.count(name))
      return Error{"scalp rules need the scalp landmarks (MNI registration)"};
  return ScalpLandmarks{landmarks_.at("nasion"), landmarks_.at("inion"), landmarks_.at("lpa"),
                        landmarks_.at("rpa")};
}

Result<Done> PlanningContext::resolve(TargetSpec& spec) {
  if (spec.method == "atlas" && !spec.atlas_region.empty())
    return resolveAtlasSpec(spec, kTemplateDir);
  if (spec.method == "10-20") {
    if (ten_twenty_.empty()) {
      auto lm = scalpLandmarksStruct();
      if (!lm) return Error{lm.error()};
      auto positions = tenTwentyPositions(scalp_, *lm);
      if (!positions) return Error{positions.error()};
      ten_twenty_ = *positions;
    }
    const auto it = ten_twenty_.find(spec.scalp_position);
    if (it == ten_twenty_.end())
      return Error{spec.name +
                   ": known 10-20 positions are Fpz Fz Cz Pz Oz T7 C3 C4 T8 Fp1 Fp2 F7 F8 F3 F4"};
    spec.point_lps = it->second;  // on the scalp already
    return Done{};
  }
  if (spec.rule_distance_mm > 0) {  // the rule's point replaces the hotspot
    auto lm = scalpLandmarksStruct();
    if (!lm) return Error{lm.error()};
    auto p = anteriorAlongScalp(scalp_, *lm, spec.point_lps, spec.rule_distance_mm);
    if (!p) return Error{spec.name + ": " + p.error()};
    spec.point_lps = *p;
    spec.rule_distance_mm = 0;  // resolved: a second call must not move it again
  }
  return Done{};
}

Result<Plan> buildPlan(const std::string& mri_path, vtkPolyData* scalp_lps,
                       const std::vector<TargetSpec>& specs, const PlanOptions& options,
                       const MniRegistration* registration) {
  Plan plan;
  std::error_code ec;
  const auto abs = std::filesystem::absolute(mri_path, ec);
  plan.mri_path = ec ? mri_path : abs.lexically_normal().string();
  auto sha = sha256File(mri_path);
  if (!sha) return Error{sha.error()};
  plan.mri_sha256 = *sha;
  plan.handle_angle_rad = options.handle_angle_rad;
  if (registration) plan.registration = *registration;
  for (const auto& spec : specs) {
    auto t = planSpec(scalp_lps, spec, options, registration);
    if (!t) return Error{t.error()};
    plan.targets.push_back(std::move(*t));
  }
  return plan;
}

}  // namespace tmsnav
