#pragma once
// Resolved targets to coil poses on a patient's scalp. Every target source (click, ras:,
// mni:, atlas, scalp rules) ends in planTarget, so the CLI and the app agree.
#include <vector>

#include "imaging/surface_index.h"
#include "imaging/target_planner.h"
#include "planning/plan.h"
#include "planning/planning_context.h"

namespace tmsnav {

// The patient's surfaces a plan is made on, with their search structures (kept across
// targets: the app plans many on one patient). The cortex is optional: without it atlas
// and scalp-rule targets stay where they are and no scalp-to-cortex depth is reported.
struct PlanSurfaces {
  PlanSurfaces(vtkPolyData* scalp_lps, vtkPolyData* cortex_lps)
      : scalp(scalp_lps), cortex(cortex_lps) {}
  SurfaceIndex scalp;
  SurfaceIndex cortex;  // empty() without a cortex
};

// registration may be null when no target needs MNI space (then target_mni is unknown).
Result<PlannedTarget> planTarget(const PlanSurfaces& surfaces, const ResolvedTarget& target,
                                 const PlanOptions& options,
                                 const MniRegistration* registration = nullptr);

// The plan's targets and options; the MRI's path and hash are the caller's
// (io/plan_file.h, identifyMri).
Result<Plan> buildPlan(const PlanSurfaces& surfaces, const std::vector<ResolvedTarget>& targets,
                       const PlanOptions& options, const MniRegistration* registration = nullptr);

}  // namespace tmsnav
