#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>

#include "app/asset_paths.h"
#include "app/cli/cli_support.h"
#include "app/cli/commands.h"
#include "app/json_util.h"
#include "app/plan_builder.h"
#include "app/target_presets.h"
#include "imaging/atlas.h"
#include "imaging/head_model.h"
#include "imaging/mni_registration.h"
#include "imaging/ten_twenty.h"
#include "tracking/atomic_file.h"
#include "tracking/coords.h"

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

int runPlan(const PlanArgs& a) {
  const auto t0 = std::chrono::steady_clock::now();
  std::vector<TargetSpec> specs;
  AtlasCache atlases;
  const std::vector<std::string>& requested =
      a.compare && a.targets.empty() ? dlpfcCompareSpecs() : a.targets;
  for (const auto& s : requested) {
    auto spec = parseTargetSpec(s);
    if (!spec) return fail(kExitBadInput, spec.error());
    // Atlas regions need no patient: check them before the slow work.
    if (spec->method == "atlas")
      if (auto r = resolveAtlasSpec(*spec, kTemplateDir, atlases); !r)
        return fail(kExitBadInput, r.error());
    specs.push_back(*spec);
  }
  if (specs.empty()) return fail(kExitBadInput, "give at least one --target");
  if (!std::isfinite(a.handle_angle_deg) || std::abs(a.handle_angle_deg) > 180.0)
    return fail(kExitBadInput, "--handle-angle-deg must be within [-180, 180]");
  auto v = loadHeadVolume(a.mri);
  if (!v) return fail(kExitBadInput, v.error());
  auto templates = loadMniTemplates();
  if (!templates) return fail(kExitFailure, templates.error());
  auto model = buildFullHeadModel(*v, *templates, terminalProgress());
  if (!model) return fail(kExitBadInput, a.mri + ": " + model.error());
  const double segment_s = secondsSince(t0);
  const MniRegistration* registration = &*model->registration;
  auto fiducials = loadMniFiducials(assetDir() + "/mni/fiducials.json");
  if (!fiducials) return fail(kExitFailure, fiducials.error());
  const PlanSurfaces surfaces(model->scalp_lps, model->cortex_lps);
  PlanningContext context(surfaces.scalp, registration,
                          scalpLandmarks(surfaces.scalp, *registration, *fiducials), atlases);
  for (auto& spec : specs)
    if (auto r = context.resolve(spec); !r) return fail(kExitBadInput, r.error());
  PlanOptions options;
  options.handle_angle_rad = radFromDeg(a.handle_angle_deg);
  options.scalp_offset_mm = a.scalp_offset_mm;
  options.entry_along_cortex_normal = a.entry == "cortex-normal";
  auto plan = buildPlan(a.mri, surfaces, specs, options, registration);
  if (!plan) return fail(kExitBadInput, plan.error());
  plan->landmarks_lps = context.landmarks();
  plan->ten_twenty_lps = context.tenTwenty();
  plan->beam_f3 = context.beamF3Result();
  plan->seconds = {{"load_and_segment", segment_s},  // the registration runs inside it, in parallel
                   {"mni_registration", registration->seconds},
                   {"total", secondsSince(t0)}};
  const std::string text = planToJson(*plan);
  if (auto w = writeTextAtomically(a.out, text); !w) return fail(kExitFailure, w.error());

  auto j = nlohmann::json::parse(text);
  j["out"] = a.out;
  if (a.compare) j["compare"] = compareTable(*plan);
  if (a.json) {
    printJson(j);
  } else {
    for (const auto& w : registration->warnings) std::cout << "warning: " << w << "\n";
    for (const auto& t : plan->targets)
      std::cout << t.name << ": entry " << jsonVec(rasFromLps(t.entry_lps)).dump()
                << " RAS mm, scalp to target " << t.scalp_to_target_mm << " mm\n";
    if (a.compare) printCompare(j["compare"]);
    std::cout << "plan -> " << a.out << "\n";
  }
  return kExitOk;
}

}  // namespace tmsnav
