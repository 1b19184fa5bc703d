#include <chrono>
#include <filesystem>
#include <iostream>

#include "app/cli/cli_support.h"
#include "app/cli/commands.h"
#include "imaging/head_model.h"
#include "imaging/image_io.h"

namespace tmsnav {

int runSegment(const SegmentArgs& a) {
  const auto t0 = std::chrono::steady_clock::now();
  auto v = loadHeadVolume(a.mri);
  if (!v) return fail(kExitBadInput, v.error());
  const double load_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  auto model = buildHeadModel(*v, terminalProgress());
  if (!model) return fail(kExitBadInput, a.mri + ": " + model.error());

  std::error_code ec;
  std::filesystem::create_directories(a.out_dir, ec);
  if (ec) return fail(kExitFailure, "cannot create " + a.out_dir + ": " + ec.message());
  const auto t1 = std::chrono::steady_clock::now();
  const auto dir = std::filesystem::path(a.out_dir);
  if (auto w = writeMask(model->head.mask, (dir / "head_mask.nii.gz").string()); !w)
    return fail(kExitFailure, w.error());
  if (auto w = writeMeshRas(model->scalp_lps, (dir / "scalp.vtp").string()); !w)
    return fail(kExitFailure, w.error());
  const double write_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t1).count();

  nlohmann::json seconds = {{"load", load_s}, {"write", write_s}};
  for (const auto& [stage, s] : model->seconds) seconds[stage] = s;
  seconds["total"] = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const long long triangles = model->scalp_lps->GetNumberOfCells();
  if (a.json) {
    printJson({{"out_dir", a.out_dir},
               {"seconds", seconds},
               {"head_volume_ml", model->head.volume_ml},
               {"scalp_triangles", triangles},
               {"warnings", v->warnings}});
  } else {
    std::cout << "head " << model->head.volume_ml << " ml, scalp " << triangles << " triangles, "
              << seconds["total"].get<double>() << " s -> " << a.out_dir << "\n";
  }
  return kExitOk;
}

}  // namespace tmsnav
