#include <iostream>

#include <vtkPointData.h>

#include "app/cli/cli_support.h"
#include "app/cli/commands.h"
#include "app/cli/scene_shot.h"
#include "imaging/head_model.h"
#include "imaging/image_io.h"
#include "imaging/scalp_to_cortex.h"

namespace tmsnav {

int runRender(const RenderArgs& a) {
  auto size = parseSize(a.size);
  if (!size) return fail(kExitBadInput, size.error());
  auto plan = readPlan(a.plan);
  if (!plan) return fail(kExitBadInput, plan.error());
  if (a.scalp_depth && a.scalp.empty())
    return fail(kExitBadInput,
                "--scalp-depth needs --scalp with the scalp.vtp that segment writes");
  vtkSmartPointer<vtkPolyData> scalp;
  if (!a.scalp.empty()) {
    auto mesh = readMeshRas(a.scalp);
    if (!mesh) return fail(kExitBadInput, mesh.error());
    scalp = *mesh;
    if (a.scalp_depth && !scalp->GetPointData()->GetArray(kScalpToCortexArray))
      return fail(kExitBadInput, a.scalp + " has no " + kScalpToCortexArray +
                                     " array: write it with tmsnav segment");
  } else {
    auto v = loadHeadVolume(plan->mri_path);
    if (!v) return fail(kExitBadInput, "the plan's MRI: " + v.error());
    auto model = buildHeadModel(*v, terminalProgress());
    if (!model) return fail(kExitBadInput, model.error());
    scalp = model->scalp_lps;
  }
  vtkSmartPointer<vtkPolyData> cortex;
  if (!a.cortex.empty()) {
    auto mesh = readMeshRas(a.cortex);
    if (!mesh) return fail(kExitBadInput, mesh.error());
    cortex = *mesh;
  }
  std::unique_ptr<PrivateXvfb> xvfb;
  if (int rc = ensureDisplay(xvfb); rc != kExitOk) return rc;
  const PlannedTarget& target = plan->targets.front();
  Shot shot;
  std::tie(shot.width, shot.height) = *size;
  shot.caption = "tmsnav plan: " + target.name;
  if (a.all_targets && plan->targets.size() > 1)
    shot.caption += " (+" + std::to_string(plan->targets.size() - 1) + " more targets)";
  if (!a.no_coil) shot.coil_to_mri = target.target_to_mri.iso();
  shot.state = GuidanceState::OnTarget;
  shot.cortex_lps = cortex;
  shot.scalp_opacity = a.scalp_opacity;
  shot.scalp_depth = a.scalp_depth;
  if (a.all_targets)
    for (size_t i = 1; i < plan->targets.size(); ++i)
      shot.other_entries.push_back(
          {plan->targets[i].entry_lps, std::to_string(i + 1) + " " + plan->targets[i].name});
  if (auto r = renderPlanShot(scalp, target, shot, a.screenshot); !r)
    return fail(kExitFailure, r.error());
  if (a.json)
    printJson({{"screenshot", a.screenshot}, {"width", shot.width}, {"height", shot.height}});
  else
    std::cout << "screenshot -> " << a.screenshot << "\n";
  return kExitOk;
}

}  // namespace tmsnav
