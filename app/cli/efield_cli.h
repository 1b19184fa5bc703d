#pragma once
// What `efield`, `plan --handle-angle-deg best-efield` and `dose --method efield` share:
// the coil and its dI/dt, and the plan's patient with the surfaces the field needs.
#include <memory>
#include <string>

#include "efield/coil_dipoles.h"
#include "imaging/head_model.h"
#include "imaging/surface_index.h"
#include "io/coil_definition_file.h"
#include "io/plan_file.h"

namespace tmsnav {

struct EfieldCoil {
  FieldCoil coil;
  double didt_a_per_us = 0.0;
  efield::CoilDipoles reference;  // for figures at a point (target, M1, angle sweep)
  efield::CoilDipoles live;       // for maps over the cortex
};
// coil: an ID under assets/coils or a path; didt_a_per_us > 0 overrides the stimulator's
// figure at pct_mso.
Result<EfieldCoil> loadEfieldCoil(const std::string& coil, double pct_mso, double didt_a_per_us);

// The plan's patient, segmented with the inner skull: the scalp, cortex and inner skull
// with their search structures. The MRI must still be the one the plan was made on.
struct EfieldHead {
  HeadModel model;
  std::unique_ptr<SurfaceIndex> scalp, cortex, inner_skull;
};
Result<std::unique_ptr<EfieldHead>> loadEfieldHead(const Plan& plan);
// The same from an MRI already loaded (plan's own segmentation).
std::unique_ptr<EfieldHead> efieldHeadFrom(HeadModel model);

}  // namespace tmsnav
