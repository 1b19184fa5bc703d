#include "app/plan_builder.h"

#include <filesystem>

#include "app/sha256.h"
#include "imaging/atlas.h"

namespace tmsnav {

namespace {
constexpr double kMaxCortexDepthMm = 60.0;     // deeper than any scalp-to-cortex distance
constexpr double kCortexNormalRadiusMm = 8.0;  // averages over a gyrus, not a sulcal wall

// The cortex under the coil: along the coil's axis from the entry point.
std::optional<Eigen::Vector3d> cortexBeneath(const SurfaceIndex& cortex, const PlannedTarget& t) {
  const Eigen::Vector3d inward = t.target_to_mri.iso().linear().col(2);
  return cortex.firstHit(t.entry_lps, inward, kMaxCortexDepthMm);
}
}  // namespace

Result<PlannedTarget> planSpec(const PlanSurfaces& surfaces, const TargetSpec& spec,
                               const PlanOptions& options, const MniRegistration* registration) {
  if (spec.inMni() && !registration) return Error{spec.name + ": needs the MNI registration"};
  const Eigen::Vector3d subject =
      spec.inMni() ? registration->toSubject(spec.point_lps) : spec.point_lps;
  // Scalp rules give the entry; every other source gives the target.
  auto t = spec.onScalp() ? planTargetAt(surfaces.scalp, subject, subject, options)
                          : planTarget(surfaces.scalp, subject, options);
  if (!t) return Error{spec.name + ": " + t.error()};
  if (!surfaces.cortex.empty()) {
    std::optional<Eigen::Vector3d> cortex;
    if (spec.onScalp()) {
      cortex = cortexBeneath(surfaces.cortex, *t);
    } else if (spec.method == "atlas") {
      // The region's centroid is often in white matter: its target is where the line
      // from the entry to it crosses the cortex.
      cortex = surfaces.cortex.firstHit(t->entry_lps, subject - t->entry_lps, kMaxCortexDepthMm);
    }
    if (cortex) {
      const Eigen::Vector3d entry = t->entry_lps;
      t = planTargetAt(surfaces.scalp, *cortex, entry, options);
      if (!t) return Error{spec.name + ": " + t.error()};
    }
    if (options.entry_along_cortex_normal && !spec.onScalp()) {
      const Eigen::Vector3d n = surfaces.cortex.normal(t->target_lps, kCortexNormalRadiusMm);
      auto exit = n.allFinite() ? surfaces.scalp.firstHit(t->target_lps, n, 2 * kMaxCortexDepthMm)
                                : std::nullopt;
      if (!exit)
        return Error{spec.name + ": the cortex normal at the target does not reach the scalp"};
      const Eigen::Vector3d target = t->target_lps;
      t = planTargetAt(surfaces.scalp, target, *exit, options);
      if (!t) return Error{spec.name + ": " + t.error()};
    }
    if (auto below = cortexBeneath(surfaces.cortex, *t))
      t->scalp_to_cortex_mm = (*below - t->entry_lps).norm();
  }
  t->name = spec.name;
  t->method = spec.method;
  if (registration)
    t->target_mni_lps = spec.method == "mni" ? spec.point_lps : registration->toMni(t->target_lps);
  if (spec.method == "atlas") t->source_mni_lps = spec.point_lps;
  return t;
}

std::map<std::string, Eigen::Vector3d> scalpLandmarks(
    const SurfaceIndex& scalp, const MniRegistration& registration,
    const std::map<std::string, Eigen::Vector3d>& fiducials) {
  std::map<std::string, Eigen::Vector3d> out;
  for (const auto& [name, p_mni] : fiducials)
    if (auto p = scalp.nearest(registration.toSubject(p_mni))) out[name] = *p;
  return out;
}

Result<ScalpLandmarks> PlanningContext::scalpLandmarksStruct() const {
  for (const char* name : {"nasion", "inion", "lpa", "rpa"})
    if (!landmarks_.count(name))
      return Error{"scalp rules need the scalp landmarks (MNI registration)"};
  return ScalpLandmarks{landmarks_.at("nasion"), landmarks_.at("inion"), landmarks_.at("lpa"),
                        landmarks_.at("rpa")};
}

Result<Done> PlanningContext::setLandmark(const std::string& name, const Eigen::Vector3d& p_lps) {
  if (name != "nasion" && name != "inion" && name != "lpa" && name != "rpa")
    return Error{"landmarks are nasion, inion, lpa and rpa, not '" + name + "'"};
  auto on_scalp = scalp_.nearest(p_lps);
  if (!on_scalp) return Error{on_scalp.error()};
  landmarks_[name] = *on_scalp;
  ten_twenty_.clear();
  beam_f3_.reset();
  return Done{};
}

Result<Done> PlanningContext::resolve(TargetSpec& spec) {
  if (spec.method == "atlas" && !spec.atlas_resolved)
    return resolveAtlasSpec(spec, kTemplateDir, atlases_);
  if (spec.method == "10-20") {
    if (ten_twenty_.empty()) {
      auto lm = scalpLandmarksStruct();
      if (!lm) return Error{lm.error()};
      auto positions = tenTwentyPositions(scalp_.surface(), *lm);
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
  if (spec.method == "beam-f3" || spec.method == "beam-f3-adjusted") {
    auto lm = scalpLandmarksStruct();
    if (!lm) return Error{lm.error()};
    auto b = beamF3(scalp_.surface(), *lm, spec.method == "beam-f3" ? 0.0 : kBeamF3AdjustmentMm);
    if (!b) return Error{spec.name + ": " + b.error()};
    spec.point_lps = b->point_lps;  // on the scalp already
    beam_f3_ = *b;
    return Done{};
  }
  if (spec.rule_distance_mm > 0) {  // the rule's point replaces the hotspot
    auto lm = scalpLandmarksStruct();
    if (!lm) return Error{lm.error()};
    auto p = anteriorAlongScalp(scalp_.surface(), *lm, spec.point_lps, spec.rule_distance_mm);
    if (!p) return Error{spec.name + ": " + p.error()};
    spec.point_lps = *p;
    spec.rule_distance_mm = 0;  // resolved: a second call must not move it again
  }
  return Done{};
}

Result<Plan> buildPlan(const std::string& mri_path, const PlanSurfaces& surfaces,
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
  plan.scalp_offset_mm = options.scalp_offset_mm;
  plan.entry_along_cortex_normal = options.entry_along_cortex_normal;
  if (registration) plan.registration = *registration;
  for (const auto& spec : specs) {
    auto t = planSpec(surfaces, spec, options, registration);
    if (!t) return Error{t.error()};
    plan.targets.push_back(std::move(*t));
  }
  return plan;
}

}  // namespace tmsnav
