// tmsnav coil-mesh: a coil model's casing mesh from its numbers (assets/coils/*.json), so
// the mesh the app draws is reproducible: `tmsnav coil-mesh assets/coils/figure8_70mm.json
// --out assets/coils/figure8_70mm_casing.vtp` makes the shipped file.
#include <iostream>

#include "app/asset_paths.h"
#include "app/cli/cli_support.h"
#include "app/cli/commands.h"
#include "render/coil_model.h"

namespace tmsnav {

int runCoilMesh(const CoilMeshArgs& a) {
  auto g = loadCoilGeometry(a.model);
  if (!g) return fail(kExitBadInput, g.error());
  vtkSmartPointer<vtkPolyData> mesh = buildCoilPolyData(*g);  // the numbers, not casing_mesh
  if (auto w = writeCoilMesh(mesh, a.out); !w) return fail(kExitFailure, w.error());
  auto bounds = [&](unsigned char part) {
    const auto b = coilPartBounds(mesh, part);
    return nlohmann::json::array({{b[0], b[1]}, {b[2], b[3]}, {b[4], b[5]}});
  };
  if (a.json) {
    printJson({{"out", absolutePath(a.out)},
               {"name", g->name},
               {"points", static_cast<long long>(mesh->GetNumberOfPoints())},
               {"triangles", static_cast<long long>(mesh->GetNumberOfPolys())},
               {"casing_bounds_mm", bounds(kCasingPart)},
               {"handle_bounds_mm", bounds(kHandlePart)}});
  } else {
    std::cout << "wrote " << a.out << " (" << mesh->GetNumberOfPolys() << " triangles)\n";
  }
  return kExitOk;
}

}  // namespace tmsnav
