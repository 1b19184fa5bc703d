#include "app/plan_builder.h"

#include <filesystem>

#include "app/sha256.h"

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
