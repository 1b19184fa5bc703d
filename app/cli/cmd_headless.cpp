// The whole flow without a window: segment, plan, simulate an approach, take a picture.
#include <chrono>
#include <filesystem>
#include <iostream>

#include "app/cli/cli_support.h"
#include "app/cli/commands.h"
#include "app/cli/scene_shot.h"
#include "app/cli/simulation_json.h"
#include "core/atomic_file.h"
#include "imaging/head_model.h"
#include "imaging/image_io.h"
#include "io/plan_file.h"
#include "planning/plan_builder.h"
#include "tracking/session_log.h"
#include "tracking/simulated_session.h"

namespace tmsnav {

inline const char* kDefaultTargetSpec = "ras:-38,44,26";  // Fox 2012 left DLPFC (MNI; ch2 is MNI)

int runHeadless(const HeadlessArgs& a) {
  const auto t0 = std::chrono::steady_clock::now();
  const std::filesystem::path dir(a.out_dir);
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return fail(kExitFailure, "cannot create " + a.out_dir + ": " + ec.message());

  auto v = loadHeadVolume(a.mri);
  if (!v) return fail(kExitBadInput, v.error());
  auto model = buildHeadModel(*v, terminalProgress());
  if (!model) return fail(kExitBadInput, a.mri + ": " + model.error());
  if (auto w = writeMeshRas(model->scalp_lps, (dir / "scalp.vtp").string()); !w)
    return fail(kExitFailure, w.error());

  auto spec = parseTargetSpec(kDefaultTargetSpec);
  if (!spec) return fail(kExitFailure, spec.error());
  const PlanSurfaces surfaces(model->scalp_lps, nullptr);
  // A subject point needs no landmarks, registration or atlases.
  AtlasCache no_atlases;
  PlanningContext context(surfaces.scalp, nullptr, {}, no_atlases, "");
  auto resolved = context.resolve(*spec);
  if (!resolved) return fail(kExitFailure, resolved.error());
  auto plan = buildPlan(surfaces, {*resolved}, PlanOptions{});
  if (!plan) return fail(kExitBadInput, plan.error());
  if (auto id = identifyMri(*plan, a.mri); !id) return fail(kExitFailure, id.error());
  plan->patient_id = v->patientId();
  const std::string plan_path = (dir / "plan.json").string();
  if (auto w = writeTextAtomically(plan_path, planToJson(*plan)); !w)
    return fail(kExitFailure, w.error());

  std::string log;
  const PlannedTarget& target = plan->targets.front();
  const auto sim = runSimulatedSession(
      target.target_to_mri, SimulationConfig{}, 10.0,
      [&](const GuidanceUpdate& u) { (log += formatGuidanceRecord(u)) += '\n'; });
  const std::string session_path = (dir / "session.jsonl").string();
  if (auto w = writeTextAtomically(session_path, log); !w) return fail(kExitFailure, w.error());

  std::unique_ptr<PrivateXvfb> xvfb;
  if (int rc = ensureDisplay(xvfb); rc != kExitOk) return rc;
  Shot shot;
  shot.caption = std::string("Colin27 - target ") + target.name + " - " + toString(sim.last.state);
  if (sim.last.coil_to_mri) shot.coil_to_mri = sim.last.coil_to_mri->iso();
  shot.state = sim.last.state;
  const std::string png = (dir / "screenshot.png").string();
  if (auto r = renderPlanShot(model->scalp_lps, target, shot, png); !r)
    return fail(kExitFailure, r.error());

  nlohmann::json j = {
      {"plan", plan_path},
      {"session", session_path},
      {"screenshot", png},
      {"simulation", simulationSummaryJson(sim)},
      {"seconds",
       {{"total", std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count()}}}};
  if (a.json)
    printJson(j);
  else
    std::cout << "plan -> " << plan_path << "\nsession (" << toString(sim.last.state) << ") -> "
              << session_path << "\nscreenshot -> " << png << "\n";
  return kExitOk;
}

}  // namespace tmsnav
