// `tmsnav dose --plan plan.json --motor-threshold MT --m1 NAME`: the depth-adjusted dose at
// every target of a plan (planning/dose.h: the formula and its source).
#include <iostream>

#include "app/cli/cli_support.h"
#include "app/cli/commands.h"
#include "app/cli/efield_cli.h"
#include "io/plan_file.h"
#include "planning/dose.h"
#include "planning/efield_on_patient.h"

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
  return Error{noTargetNamed(plan, a.m1)};
}
}  // namespace

namespace {
constexpr const char* kEfieldDoseFormula =
    "dose = MT x E_M1 / E_target x percent_of_mt / 100, each |E| averaged over the cortex "
    "within 5 mm";
constexpr const char* kEfieldDoseSource =
    "Numssen et al. 2024 (E-field dosing); field: magnetic dipoles in a sphere fitted to the "
    "inner skull (Heller and van Hulsteyn 1992), an estimate";

// |E| averaged near a target, with the coil at its planned pose (V/m at the coil's
// stimulator at 100 %MSO: only ratios matter).
Result<PointField> targetField(const PlannedTarget& t, const EfieldHead& head,
                               const EfieldCoil& coil) {
  auto sphere = fitLocalSphere(*head.inner_skull, t.target_to_mri.iso());
  if (!sphere) return Error{t.name + ": " + sphere.error()};
  const auto placed =
      efield::placeCoil(coil.reference, t.target_to_mri.iso(), sphere->sphere.centre_mm);
  return pointField(placed, t.target_lps, *head.cortex, coil.didt_a_per_us);
}

int runEfieldDose(const DoseArgs& a, const Plan& plan) {
  if (a.m1.empty())
    return fail(kExitBadInput, "--method efield needs --m1 NAME (the plan's motor hotspot)");
  const PlannedTarget* m1 = nullptr;
  for (const auto& t : plan.targets)
    if (t.name == a.m1) m1 = &t;
  if (!m1) return fail(kExitBadInput, noTargetNamed(plan, a.m1));
  if (!(a.motor_threshold > 0 && a.motor_threshold <= 100))
    return fail(kExitBadInput, "--motor-threshold must be above 0 and at most 100 %MSO");
  if (!(a.percent_of_mt > 0 && a.percent_of_mt <= 300))
    return fail(kExitBadInput, "--percent-of-mt must be above 0 and at most 300");
  auto coil = loadEfieldCoil(a.coil, 100.0, 0.0);
  if (!coil) return fail(kExitBadInput, coil.error());
  auto head = loadEfieldHead(plan);
  if (!head) return fail(kExitBadInput, head.error());
  auto e_m1 = targetField(*m1, **head, *coil);
  if (!e_m1) return fail(kExitBadInput, e_m1.error());
  nlohmann::json out = {
      {"method", "efield"},
      {"formula", kEfieldDoseFormula},
      {"source", kEfieldDoseSource},
      {"motor_threshold_pct_mso", a.motor_threshold},
      {"percent_of_mt", a.percent_of_mt},
      {"average_radius_mm", kDoseAverageRadiusMm},
      {"coil", coil->coil.definition.id},
      {"didt_a_per_us_at_100_pct_mso", coil->didt_a_per_us},
      {"m1", a.m1},
      {"m1_e_v_per_m_at_100_pct_mso", e_m1->mean_magnitude_nearby},
      {"m1_e_v_per_m_at_mt", e_m1->mean_magnitude_nearby * a.motor_threshold / 100.0},
      {"depth_rule", kDoseFormula},
      {"targets", nlohmann::json::array()}};
  for (const auto& t : plan.targets) {
    auto e = targetField(t, **head, *coil);
    if (!e) return fail(kExitBadInput, e.error());
    const EfieldDose d = efieldDose(a.motor_threshold, e_m1->mean_magnitude_nearby,
                                    e->mean_magnitude_nearby, a.percent_of_mt);
    nlohmann::json jt = {{"name", t.name},
                         {"e_v_per_m_at_100_pct_mso", e->mean_magnitude_nearby},
                         {"cortex_vertices_averaged", e->vertices_nearby},
                         {"dose_pct_mso", nullptr},
                         {"efield_dose_pct_mso", d.dose_pct_mso},
                         {"depth_rule_dose_pct_mso", nullptr}};
    if (d.refused) {
      jt["refused"] = *d.refused;
      std::cerr << "warning: " << t.name << ": " << *d.refused << "\n";
    } else {
      jt["dose_pct_mso"] = d.dose_pct_mso;
    }
    if (t.scalp_to_cortex_mm && m1->scalp_to_cortex_mm)
      if (auto depth = depthAdjustedDose({a.motor_threshold, *m1->scalp_to_cortex_mm,
                                          *t.scalp_to_cortex_mm, a.slope, a.percent_of_mt});
          depth && !depth->refused)
        jt["depth_rule_dose_pct_mso"] = depth->dose_pct_mso;
    out["targets"].push_back(jt);
  }
  if (a.json) {
    printJson(out);
    return kExitOk;
  }
  std::cout << kEfieldDoseFormula << " (" << kEfieldDoseSource << ")\n";
  for (const auto& jt : out["targets"])
    std::cout << jt["name"].get<std::string>() << ": "
              << (jt["dose_pct_mso"].is_number()
                      ? std::to_string(jt["dose_pct_mso"].get<double>()) + " %MSO"
                      : "refused: " + jt.value("refused", ""))
              << (jt["depth_rule_dose_pct_mso"].is_number()
                      ? " (depth rule " +
                            std::to_string(jt["depth_rule_dose_pct_mso"].get<double>()) + " %MSO)"
                      : "")
              << "\n";
  return kExitOk;
}
}  // namespace

int runDose(const DoseArgs& a) {
  auto plan = readPlan(a.plan);
  if (!plan) return fail(kExitBadInput, plan.error());
  if (a.method == "efield") return runEfieldDose(a, *plan);
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
