#include "app/plan_builder.h"

#include <filesystem>

#include "app/sha256.h"

namespace tmsnav {

Result<PlannedTarget> planSpec(vtkPolyData* scalp_lps, const TargetSpec& spec,
                               const PlanOptions& options) {
  auto t = planTarget(scalp_lps, spec.point_lps, options);
  if (!t) return Error{spec.name + ": " + t.error()};
  t->name = spec.name;
  t->method = spec.method;
  return t;
}

Result<Plan> buildPlan(const std::string& mri_path, vtkPolyData* scalp_lps,
                       const std::vector<TargetSpec>& specs, const PlanOptions& options) {
  Plan plan;
  std::error_code ec;
  const auto abs = std::filesystem::absolute(mri_path, ec);
  plan.mri_path = ec ? mri_path : abs.lexically_normal().string();
  auto sha = sha256File(mri_path);
  if (!sha) return Error{sha.error()};
  plan.mri_sha256 = *sha;
  plan.handle_angle_rad = options.handle_angle_rad;
  for (const auto& spec : specs) {
    auto t = planSpec(scalp_lps, spec, options);
    if (!t) return Error{t.error()};
    plan.targets.push_back(std::move(*t));
  }
  return plan;
}

}  // namespace tmsnav
