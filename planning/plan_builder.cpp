#include "planning/plan_builder.h"

namespace tmsnav {

namespace {
constexpr double kMaxCortexDepthMm = 60.0;     // deeper than any scalp-to-cortex distance
constexpr double kCortexNormalRadiusMm = 8.0;  // averages over a gyrus, not a sulcal wall

// The cortex under the coil: along the coil's axis from the entry point.
std::optional<Eigen::Vector3d> cortexBeneath(const SurfaceIndex& cortex, const PlannedTarget& t) {
  const Eigen::Vector3d inward = t.target_to_mri.iso().linear().col(2);
  return cortex.firstHit(t.entry_lps, inward, kMaxCortexDepthMm);
}

// Moves the target onto the cortex: beneath a scalp rule's position, or where the line
// from the entry to an atlas centroid (often in white matter) crosses the cortex.
Result<PlannedTarget> ontoCortex(const PlanSurfaces& surfaces, const ResolvedTarget& r,
                                 PlannedTarget t, const PlanOptions& options) {
  std::optional<Eigen::Vector3d> cortex;
  if (r.kind == ResolvedTarget::Kind::ScalpPosition)
    cortex = cortexBeneath(surfaces.cortex, t);
  else if (r.kind == ResolvedTarget::Kind::AtlasCentroid)
    cortex = surfaces.cortex.firstHit(t.entry_lps, r.p.p - t.entry_lps, kMaxCortexDepthMm);
  if (!cortex) return t;
  return planTargetAt(surfaces.scalp, *cortex, t.entry_lps, options);
}

// The entry where the cortex normal at the target leaves the scalp.
Result<PlannedTarget> alongCortexNormal(const PlanSurfaces& surfaces, const PlannedTarget& t,
                                        const PlanOptions& options) {
  const Eigen::Vector3d n = surfaces.cortex.normal(t.target_lps, kCortexNormalRadiusMm);
  auto exit = n.allFinite() ? surfaces.scalp.firstHit(t.target_lps, n, 2 * kMaxCortexDepthMm)
                            : std::nullopt;
  if (!exit) return Error{"the cortex normal at the target does not reach the scalp"};
  return planTargetAt(surfaces.scalp, t.target_lps, *exit, options);
}
}  // namespace

Result<PlannedTarget> planTarget(const PlanSurfaces& surfaces, const ResolvedTarget& r,
                                 const PlanOptions& options, const MniRegistration* registration) {
  const bool on_scalp = r.kind == ResolvedTarget::Kind::ScalpPosition;
  // Scalp rules give the entry; every other source gives the target.
  auto t = on_scalp ? planTargetAt(surfaces.scalp, r.p.p, r.p.p, options)
                    : planTarget(surfaces.scalp, r.p.p, options);
  if (!t) return Error{r.name + ": " + t.error()};
  if (!surfaces.cortex.empty()) {
    t = ontoCortex(surfaces, r, *t, options);
    if (t && options.entry_along_cortex_normal && !on_scalp)
      t = alongCortexNormal(surfaces, *t, options);
    if (!t) return Error{r.name + ": " + t.error()};
    if (auto below = cortexBeneath(surfaces.cortex, *t))
      t->scalp_to_cortex_mm = (*below - t->entry_lps).norm();
  }
  t->name = r.name;
  t->method = r.method;
  if (registration)
    t->target_mni_lps =
        r.kind == ResolvedTarget::Kind::MniPoint ? r.p_mni->p : registration->toMni(t->target_lps);
  if (r.kind == ResolvedTarget::Kind::AtlasCentroid) t->source_mni_lps = r.p_mni->p;
  return t;
}

Result<Plan> buildPlan(const PlanSurfaces& surfaces, const std::vector<ResolvedTarget>& targets,
                       const PlanOptions& options, const MniRegistration* registration) {
  Plan plan;
  plan.handle_angle_rad = options.handle_angle_rad;
  plan.scalp_offset_mm = options.scalp_offset_mm;
  plan.entry_along_cortex_normal = options.entry_along_cortex_normal;
  if (registration) plan.registration = *registration;
  for (const auto& r : targets) {
    auto t = planTarget(surfaces, r, options, registration);
    if (!t) return Error{t.error()};
    plan.targets.push_back(std::move(*t));
  }
  return plan;
}

}  // namespace tmsnav
