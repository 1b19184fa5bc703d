#pragma once
// Turns target specifications into a plan on a patient's scalp. Shared by the CLI, the
// headless flow and the app.
#include <vector>

#include "app/cli/target_spec.h"
#include "app/plan_file.h"

namespace tmsnav {

// registration may be null when no target needs MNI space (then target_mni is unknown).
Result<PlannedTarget> planSpec(vtkPolyData* scalp_lps, const TargetSpec& spec,
                               const PlanOptions& options,
                               const MniRegistration* registration = nullptr);

Result<Plan> buildPlan(const std::string& mri_path, vtkPolyData* scalp_lps,
                       const std::vector<TargetSpec>& specs, const PlanOptions& options,
                       const MniRegistration* registration = nullptr);

// MNI fiducials (LPS) mapped into the subject and projected onto the scalp.
std::map<std::string, Eigen::Vector3d> scalpLandmarks(
    vtkPolyData* scalp_lps, const MniRegistration& registration,
    const std::map<std::string, Eigen::Vector3d>& fiducials_mni_lps);

}  // namespace tmsnav
