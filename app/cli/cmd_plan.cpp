#include <chrono>
#include <iostream>

#include "app/cli/cli_support.h"
#include "app/cli/commands.h"
#include "app/json_util.h"
#include "app/plan_builder.h"
#include "imaging/head_model.h"
#include "tracking/atomic_file.h"
#include "tracking/coords.h"

namespace tmsnav {

int runPlan(const PlanArgs& a) {
  const auto t0 = std::chrono::steady_clock::now();
  std::vector<TargetSpec> specs;
  for (const auto& s : a.targets) {
    auto spec = parseTargetSpec(s);
    if (!spec) return fail(kExitBadInput, spec.error());
    specs.push_back(*spec);
  }
  if (specs.empty()) return fail(kExitBadInput, "give at least one --target");
  if (!std::isfinite(a.handle_angle_deg) || std::abs(a.handle_angle_deg) > 180.0)
    return fail(kExitBadInput, "--handle-angle-deg must be within [-180, 180]");
  auto v = loadHeadVolume(a.mri);
  if (!v) return fail(kExitBadInput, v.error());
  auto model = buildHeadModel(*v, terminalProgress());
  if (!model) return fail(kExitBadInput, a.mri + ": " + model.error());
  PlanOptions options;
  options.handle_angle_rad = radFromDeg(a.handle_angle_deg);
  auto plan = buildPlan(a.mri, model->scalp_lps, specs, options);
  if (!plan) return fail(kExitBadInput, plan.error());
  const std::string text = planToJson(*plan);
  if (auto w = writeTextAtomically(a.out, text); !w) return fail(kExitFailure, w.error());

  auto j = nlohmann::json::parse(text);
  j["out"] = a.out;
  j["seconds"] = {
      {"total", std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count()}};
  if (a.json) {
    printJson(j);
  } else {
    for (const auto& t : plan->targets)
      std::cout << t.name << ": entry " << jsonVec(rasFromLps(t.entry_lps)).dump()
                << " RAS mm, scalp to target " << t.scalp_to_target_mm << " mm\n";
    std::cout << "plan -> " << a.out << "\n";
  }
  return kExitOk;
}

}  // namespace tmsnav
