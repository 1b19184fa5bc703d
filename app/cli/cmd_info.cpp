#include <iostream>

#include "app/cli/cli_support.h"
#include "app/cli/commands.h"
#include "app/json_util.h"
#include "imaging/volume.h"
#include "tracking/coords.h"

namespace tmsnav {

int runInfo(const InfoArgs& a) {
  auto v = loadVolume(a.path);
  if (!v) return fail(kExitBadInput, v.error());
  const Eigen::Vector3i d = v->dims();
  const auto b = v->rasBoundsMm();
  nlohmann::json j;
  j["path"] = a.path;
  j["source"] = v->source;
  j["dims"] = {d.x(), d.y(), d.z()};
  j["spacing_mm"] = jsonVec(v->spacingMm());
  j["ras_bounds_mm"] = {{b(0, 0), b(0, 1)}, {b(1, 0), b(1, 1)}, {b(2, 0), b(2, 1)}};
  j["voxel_to_ras"] = jsonMat(rasMatrixFromLps(v->voxelToLps()));
  if (a.json) {
    printJson(j);
  } else {
    std::cout << a.path << " (" << v->source << ")\n"
              << "  dims        " << d.x() << " x " << d.y() << " x " << d.z() << "\n"
              << "  spacing_mm  " << j["spacing_mm"].dump() << "\n"
              << "  ras_bounds  " << j["ras_bounds_mm"].dump() << "\n";
  }
  return kExitOk;
}

}  // namespace tmsnav
