#pragma once
// Turns target specifications into a plan on a patient's scalp. Shared by the CLI, the
// headless flow and the app.
#include <vector>

#include "app/cli/target_spec.h"
#include "app/plan_file.h"

namespace tmsnav {

Result<PlannedTarget> planSpec(vtkPolyData* scalp_lps, const TargetSpec& spec,
                               const PlanOptions& options);

Result<Plan> buildPlan(const std::string& mri_path, vtkPolyData* scalp_lps,
                       const std::vector<TargetSpec>& specs, const PlanOptions& options);

}  // namespace tmsnav
