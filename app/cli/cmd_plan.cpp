#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>

#include "app/asset_paths.h"
#include "app/cli/cli_support.h"
#include "app/cli/commands.h"
#include "app/cli/efield_cli.h"
#include "core/atomic_file.h"
#include "core/coords.h"
#include "imaging/atlas.h"
#include "imaging/head_model.h"
#include "imaging/mni_registration.h"
#include "imaging/ten_twenty.h"
#include "imaging/threads.h"
#include "io/json_util.h"
#include "io/plan_file.h"
#include "planning/efield_on_patient.h"
#include "planning/plan_builder.h"
#include "planning/target_grid.h"
#include "planning/target_presets.h"

namespace tmsnav {

namespace {
double secondsSince(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}
}  // namespace

// Pairwise distances between the targets' entry points on the scalp (mm).
nlohmann::json compareTable(const Plan& plan) {
  nlohmann::json names = nlohmann::json::array();
  for (const auto& t : plan.targets) names.push_back(t.name);
  return {{"names", names}, {"entry_distance_mm", entryDistancesMm(plan.targets)}};
}

void printCompare(const nlohmann::json& table) {
  const auto& names = table["names"];
  std::printf("%-26s", "entry distance (mm)");
  for (size_t i = 0; i < names.size(); ++i) std::printf(" %8zu", i + 1);
  std::printf("\n");
  for (size_t i = 0; i < names.size(); ++i) {
    std::printf("%zu %-24s", i + 1, names[i].get<std::string>().c_str());
    for (const auto& d : table["entry_distance_mm"][i]) std::printf(" %8.1f", d.get<double>());
    std::printf("\n");
  }
}

namespace {
// Parses every --target; atlas regions need no patient, so they are checked before the
// slow work.
Result<std::vector<TargetSpec>> parseSpecs(const PlanArgs& a, AtlasCache& atlases) {
  std::vector<TargetSpec> specs;
  const std::vector<std::string>& requested =
      a.compare && a.targets.empty() ? dlpfcCompareSpecs() : a.targets;
  for (const auto& s : requested) {
    auto spec = parseTargetSpec(s);
    if (!spec) return Error{spec.error()};
    if (const auto* atlas = std::get_if<target::AtlasRegion>(&spec->source))
      if (auto r = resolveAtlasTarget(atlas->region, kTemplateDir, atlases); !r)
        return Error{r.error()};
    specs.push_back(*spec);
  }
  if (specs.empty()) return Error{"give at least one --target"};
  if (!std::isfinite(a.handle_angle_deg) || std::abs(a.handle_angle_deg) > 180.0)
    return Error{"--handle-angle-deg must be within [-180, 180]"};
  return specs;
}
}  // namespace

namespace {
// `--handle-angle-deg best-efield`: each target's coil turned, at its planned position, to
// the handle angle that maximises |E| at the target (planning/efield_on_patient.h).
Result<nlohmann::json> chooseEfieldAngles(Plan& plan, const SurfaceIndex& scalp,
                                          vtkPolyData* inner_skull_lps,
                                          const PlanOptions& options, const std::string& coil_id) {
  auto coil = loadEfieldCoil(coil_id, 100.0, 0.0);
  if (!coil) return Error{coil.error()};
  const SurfaceIndex inner(inner_skull_lps);
  nlohmann::json out = nlohmann::json::array();
  for (auto& t : plan.targets) {
    auto sphere = fitLocalSphere(inner, t.target_to_mri.iso());
    if (!sphere) return Error{t.name + ": " + sphere.error()};
    auto sweep = sweepHandleAngle(scalp, t, options, coil->reference, sphere->sphere.centre_mm,
                                  coil->didt_a_per_us);
    if (!sweep) return Error{t.name + ": " + sweep.error()};
    PlanOptions best = options;
    best.handle_angle_rad = radFromDeg(sweep->sweep.best_angle_deg);
    auto turned = planTargetAt(scalp, t.target_lps, t.entry_lps, best);
    if (!turned) return Error{t.name + ": " + turned.error()};
    t.target_to_mri = turned->target_to_mri;
    out.push_back({{"name", t.name},
                   {"best_handle_angle_deg", sweep->sweep.best_angle_deg},
                   {"gain_pct", sweep->gain_pct}});
  }
  return out;
}
}  // namespace

int runPlan(const PlanArgs& a) {
  if (a.threads > 0) limitThreads(a.threads);
  const auto t0 = std::chrono::steady_clock::now();
  AtlasCache atlases;
  auto specs = parseSpecs(a, atlases);
  if (!specs) return fail(kExitBadInput, specs.error());
  auto v = loadHeadVolume(a.mri);
  if (!v) return fail(kExitBadInput, v.error());
  auto templates = loadMniTemplates(kTemplateDir);
  if (!templates) return fail(kExitFailure, templates.error());
  // No intracranial mask unless the E-field chooses the handle angle (its sphere is fitted
  // to the inner skull): planning does not use it otherwise (HeadModelParts).
  auto orientation = parseOrientationPolicy(a.orientation);
  if (!orientation) return fail(kExitBadInput, orientation.error());
  auto model = buildFullHeadModel(*v, *templates, terminalProgress(),
                                  {.intracranial = a.handle_best_efield,
                                   .orientation = *orientation});
  if (!model) return fail(kExitBadInput, a.mri + ": " + model.error());
  if (a.handle_best_efield && model->brain_refused)  // the field needs the cortex and skull
    return fail(kExitBadInput, a.mri + ": best-efield: " + *model->brain_refused);
  const double segment_s = secondsSince(t0);
  const MniRegistration* registration = &*model->registration;
  auto fiducials = loadMniFiducials(installedDataPaths().fiducials_json);
  if (!fiducials) return fail(kExitFailure, fiducials.error());
  const PlanSurfaces surfaces(model->scalp_lps, model->cortex_lps);
  PlanningContext context(surfaces.scalp, registration,
                          scalpLandmarks(surfaces.scalp, *registration, *fiducials), atlases,
                          kTemplateDir);
  std::vector<ResolvedTarget> resolved;
  for (const auto& spec : *specs) {
    auto r = context.resolve(spec);
    if (!r) return fail(kExitBadInput, r.error());
    resolved.push_back(std::move(*r));
  }
  PlanOptions options;
  options.handle_angle_rad = radFromDeg(a.handle_angle_deg);
  options.scalp_offset_mm = a.scalp_offset_mm;
  options.entry_along_cortex_normal = a.entry == "cortex-normal";
  auto plan = buildPlan(surfaces, resolved, options, registration);
  if (!plan) return fail(kExitBadInput, plan.error());
  if (!a.grid.empty()) {  // a grid of sites around the first target, as further targets
    auto grid = parseGridSpec(a.grid);
    if (!grid) return fail(kExitBadInput, grid.error());
    for (const auto& site : gridAround(plan->targets.front(), *grid)) {
      auto t = planTarget(surfaces, site, options, registration);
      if (!t) return fail(kExitBadInput, t.error());
      plan->targets.push_back(std::move(*t));
    }
  }
  nlohmann::json best_efield = nlohmann::json::array();
  if (a.handle_best_efield) {
    auto chosen = chooseEfieldAngles(*plan, surfaces.scalp, model->inner_skull_lps, options, a.coil);
    if (!chosen) return fail(kExitBadInput, chosen.error());
    best_efield = *chosen;
  }
  if (auto id = identifyMri(*plan, a.mri); !id) return fail(kExitFailure, id.error());
  plan->patient_id = a.patient_id.empty() ? v->patientId() : a.patient_id;
  plan->landmarks_lps = context.landmarks();
  plan->ten_twenty_lps = context.tenTwenty();
  plan->beam_f3 = context.beamF3Result();
  // On stdout only: plan.json holds no wall-clock time, so one input and one version give
  // the same bytes (cohort workflows compare runs).
  const nlohmann::json seconds = {
      {"load_and_segment", segment_s},  // the registration runs inside it, in parallel
      {"mni_registration", registration->seconds},
      {"orientation_search", registration->orientation_search_seconds},
      {"total", secondsSince(t0)}};
  std::string text = planToJson(*plan);
  if (a.handle_best_efield) {  // each target's own angle beside its pose
    auto pj = nlohmann::json::parse(text);
    for (size_t i = 0; i < best_efield.size(); ++i)
      pj["targets"][i]["handle_angle_deg"] = best_efield[i]["best_handle_angle_deg"];
    pj["handle_angle"] = "best-efield";
    text = pj.dump(2) + "\n";
  }
  if (auto w = writeTextAtomically(a.out, text); !w) return fail(kExitFailure, w.error());

  auto j = nlohmann::json::parse(text);
  j["out"] = a.out;
  std::vector<std::string> warnings = registration->warnings;
  if (!model->head.low_threshold_note.empty()) warnings.push_back(model->head.low_threshold_note);
  if (model->brain_refused) warnings.push_back("no brain model: " + *model->brain_refused);
  j["warnings"] = warnings;
  j["seconds"] = seconds;
  if (a.compare) j["compare"] = compareTable(*plan);
  if (a.handle_best_efield) j["best_efield"] = best_efield;
  if (a.json) {
    printJson(j);
  } else {
    for (const auto& w : warnings) std::cout << "warning: " << w << "\n";
    for (const auto& t : plan->targets)
      std::cout << t.name << ": entry " << jsonVec(rasFromLps(t.entry_lps)).dump()
                << " RAS mm, scalp to target " << t.scalp_to_target_mm << " mm\n";
    if (a.compare) printCompare(j["compare"]);
    std::cout << "plan -> " << a.out << "\n";
  }
  return kExitOk;
}

}  // namespace tmsnav
