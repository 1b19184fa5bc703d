#pragma once
// A coil definition (assets/coils/<id>.json): the winding geometry and stimulators' dI/dt
// that the E-field model needs, beside the casing's touch points that calibration reads.
#include <string>

#include "core/result.h"
#include "efield/coil_definition.h"

namespace tmsnav {

// A coil by ID (a file stem under coils_dir) or by a path to its JSON.
Result<efield::CoilDefinition> readCoilDefinition(const std::string& id_or_path,
                                                  const std::string& coils_dir);

// The winding and stimulator, or why this coil cannot give a field.
struct FieldCoil {
  efield::CoilDefinition definition;
  efield::Stimulator stimulator;
};
Result<FieldCoil> fieldCoil(const efield::CoilDefinition& coil);

}  // namespace tmsnav
