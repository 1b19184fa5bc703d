#include <cmath>
#include <iostream>

#include "app/cli/cli_support.h"
#include "app/cli/commands.h"
#include "app/cli/simulation_json.h"
#include "app/cli/thresholds.h"
#include "core/atomic_file.h"
#include "core/coords.h"
#include "io/plan_file.h"
#include "tracking/session_log.h"
#include "tracking/simulated_session.h"

namespace tmsnav {

nlohmann::json simulationSummaryJson(const SimulationSummary& s) {
  nlohmann::json j = {{"samples", s.samples},
                      {"on_target_samples", s.on_target_samples},
                      {"not_tracking_samples", s.not_tracking_samples},
                      {"reached_on_target", s.first_on_target_s >= 0},
                      {"final_state", toString(s.last.state)}};
  j["first_on_target_s"] =
      s.first_on_target_s >= 0 ? nlohmann::json(s.first_on_target_s) : nlohmann::json();
  if (s.last.errors) {
    j["final_position_error_mm"] = s.last.errors->position_mm;
    j["final_tilt_error_deg"] = degFromRad(s.last.errors->tilt_rad);
    j["final_handle_error_deg"] = degFromRad(s.last.errors->handle_rad);
  }
  return j;
}

int runSimulate(const SimulateArgs& a) {
  if (!(a.seconds > 0 && a.seconds <= 86400))
    return fail(kExitBadInput, "--seconds must be in (0, 86400]");
  if (!(a.rate_hz >= kMinRateHz && a.rate_hz <= kMaxRateHz))
    return fail(kExitBadInput, "--rate-hz must be in [20, 400]");
  for (double v : {a.jitter_mm, a.tremor_mm, a.latency_s, a.head_drift_mm_per_min})
    if (!(v >= 0 && v < 1000))
      return fail(kExitBadInput, "noise, latency and drift must be in [0, 1000)");
  auto plan = readPlan(a.plan);
  if (!plan) return fail(kExitBadInput, plan.error());
  if (a.target_index < 0 || a.target_index >= static_cast<int>(plan->targets.size()))
    return fail(kExitBadInput, "--target-index is outside the plan's targets");
  SimulationConfig config;
  config.seed = a.seed;
  config.rate_hz = a.rate_hz;
  config.jitter_mm = a.jitter_mm;
  config.tremor_mm = a.tremor_mm;
  config.latency_s = a.latency_s;
  config.head_drift_mm_per_min = a.head_drift_mm_per_min;
  if (a.no_occlusion) config.occlusions.clear();
  auto thresholds = parseThresholds(a.thresholds);
  if (!thresholds) return fail(kExitBadInput, thresholds.error());
  std::string log;
  const auto summary = runSimulatedSession(
      plan->targets[a.target_index].target_to_mri, config, a.seconds,
      [&](const GuidanceUpdate& u) { (log += formatGuidanceRecord(u)) += '\n'; }, *thresholds);
  if (auto w = writeTextAtomically(a.out, log); !w) return fail(kExitFailure, w.error());
  auto j = simulationSummaryJson(summary);
  j["out"] = a.out;
  if (a.json) {
    printJson(j);
  } else {
    std::cout << summary.samples << " samples, final state " << toString(summary.last.state)
              << ", first on target at " << summary.first_on_target_s << " s -> " << a.out << "\n";
  }
  return kExitOk;
}

}  // namespace tmsnav
