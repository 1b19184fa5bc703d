// `tmsnav dose --plan plan.json --motor-threshold MT --m1 NAME`: the depth-adjusted dose at
// every target of a plan (planning/dose.h: the formula and its source).
#include <iostream>

#include "app/cli/cli_support.h"
#include "app/cli/commands.h"
#include "io/plan_file.h"
#include "planning/dose.h"

namespace tmsnav {

namespace {
// The M1 depth: given, or the scalp-to-cortex distance of the plan's target of that name.
Result<double> m1Depth(const DoseArgs& a, const Plan& plan) {
  if (a.m1_depth_mm > 0) return a.m1_depth_mm;
  if (a.m1.empty()) return Error{"give --m1 NAME (a target of the plan) or --m1-depth-mm"};
  for (const auto& t : plan.targets)
    if (t.name == a.m1) {
      if (!t.scalp_to_cortex_mm)
        return Error{"the plan has no scalp-to-cortex distance for " + a.m1};
      return *t.scalp_to_cortex_mm;
    }
  return Error{"the plan has no target named '" + a.m1 + "'"};
}
}  // namespace

int runDose(const DoseArgs& a) {
  auto plan = readPlan(a.plan);
  if (!plan) return fail(kExitBadInput, plan.error());
  auto m1 = m1Depth(a, *plan);
  if (!m1) return fail(kExitBadInput, m1.error());
  nlohmann::json out = {{"formula", kDoseFormula},
                        {"source", kDoseSource},
                        {"motor_threshold_pct_mso", a.motor_threshold},
                        {"percent_of_mt", a.percent_of_mt},
                        {"slope_pct_per_mm", a.slope},
                        {"m1_scalp_to_cortex_mm", *m1},
                        {"targets", nlohmann::json::array()}};
  for (const auto& t : plan->targets) {
    nlohmann::json jt = {
        {"name", t.name}, {"scalp_to_cortex_mm", nullptr}, {"dose_pct_mso", nullptr}};
    if (!t.scalp_to_cortex_mm) {
      jt["refused"] = "no scalp-to-cortex distance in the plan";
    } else {
      jt["scalp_to_cortex_mm"] = *t.scalp_to_cortex_mm;
      auto d = depthAdjustedDose(
          {a.motor_threshold, *m1, *t.scalp_to_cortex_mm, a.slope, a.percent_of_mt});
      if (!d) return fail(kExitBadInput, d.error());
      jt["depth_difference_mm"] = d->depth_difference_mm;
      if (d->refused) {
        jt["refused"] = *d->refused;
        std::cerr << "warning: " << t.name << ": " << *d->refused << "\n";
      } else {
        jt["dose_pct_mso"] = d->dose_pct_mso;
        jt["adjusted_mt_pct_mso"] = d->adjusted_mt_pct_mso;
      }
    }
    out["targets"].push_back(jt);
  }
  if (a.json) {
    printJson(out);
    return kExitOk;
  }
  std::cout << kDoseFormula << " (" << kDoseSource << ")\n";
  for (const auto& jt : out["targets"])
    std::cout << jt["name"].get<std::string>() << ": "
              << (jt["dose_pct_mso"].is_number()
                      ? std::to_string(jt["dose_pct_mso"].get<double>()) + " %MSO"
                      : "refused: " + jt.value("refused", ""))
              << "\n";
  return kExitOk;
}

}  // namespace tmsnav
