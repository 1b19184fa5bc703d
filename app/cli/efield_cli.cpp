#include "app/cli/efield_cli.h"

#include <cmath>

#include "app/asset_paths.h"
#include "app/cli/cli_support.h"
#include "efield/coil_field.h"
#include "imaging/atlas.h"
#include "io/sha256.h"

namespace tmsnav {

Result<EfieldCoil> loadEfieldCoil(const std::string& coil, double pct_mso, double didt) {
  if (!(pct_mso > 0 && pct_mso <= 100))
    return Error{"--intensity-pct-mso must be above 0 and at most 100"};
  if (!std::isfinite(didt) || didt < 0 || didt > 1000)
    return Error{"--didt-a-per-us must be above 0 and at most 1000 A/us"};
  auto def = readCoilDefinition(coil, assetDir() + "/coils");
  if (!def) return Error{def.error()};
  auto fc = fieldCoil(*def);
  if (!fc) return Error{fc.error()};
  EfieldCoil out;
  out.coil = *fc;
  out.didt_a_per_us =
      didt > 0 ? didt : efield::didtAtIntensity(fc->stimulator.didt_at_100_a_per_us, pct_mso);
  if (!(out.didt_a_per_us > 0))
    return Error{"coil '" + def->id + "' names no stimulator dI/dt: give --didt-a-per-us"};
  out.reference = efield::windingDipoles(*fc->definition.winding, efield::kReferenceResolution);
  out.live = efield::windingDipoles(*fc->definition.winding, efield::kLiveResolution);
  return out;
}

std::unique_ptr<EfieldHead> efieldHeadFrom(HeadModel model) {
  auto h = std::make_unique<EfieldHead>();
  h->model = std::move(model);
  h->scalp = std::make_unique<SurfaceIndex>(h->model.scalp_lps);
  h->cortex = std::make_unique<SurfaceIndex>(h->model.cortex_lps);
  h->inner_skull = std::make_unique<SurfaceIndex>(h->model.inner_skull_lps);
  return h;
}

Result<std::unique_ptr<EfieldHead>> loadEfieldHead(const Plan& plan) {
  auto sha = sha256File(plan.mri_path);
  if (!sha) return Error{"the plan's MRI: " + sha.error()};
  if (!plan.mri_sha256.empty() && *sha != plan.mri_sha256)
    return Error{"the plan's MRI " + plan.mri_path +
                 " has changed since the plan was made (SHA-256 differs): plan again"};
  auto v = loadHeadVolume(plan.mri_path);
  if (!v) return Error{"the plan's MRI: " + v.error()};
  auto templates = loadMniTemplates(kTemplateDir);
  if (!templates) return Error{templates.error()};
  // The inner skull is the field model's conductor: segmented here from the plan's MRI
  // (the same code as `segment`), so the field never uses another patient's surfaces.
  auto model = buildFullHeadModel(*v, *templates, terminalProgress(), {.intracranial = true});
  if (!model) return Error{plan.mri_path + ": " + model.error()};
  // The field is computed on the cortex: without a brain model there is none.
  if (model->brain_refused) return Error{plan.mri_path + ": " + *model->brain_refused};
  if (!model->inner_skull_lps || model->inner_skull_lps->GetNumberOfPoints() == 0)
    return Error{"no inner skull surface could be made from " + plan.mri_path};
  return efieldHeadFrom(std::move(*model));
}

}  // namespace tmsnav
