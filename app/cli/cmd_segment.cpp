#include <chrono>
#include <filesystem>
#include <future>
#include <iostream>

#include "app/cli/cli_support.h"
#include "app/cli/commands.h"
#include "imaging/atlas.h"
#include "imaging/head_model.h"
#include "imaging/image_io.h"
#include "imaging/threads.h"

namespace tmsnav {

namespace {
nlohmann::json percentileJson(const std::array<double, 3>& p) {
  return {{"p5", p[0]}, {"median", p[1]}, {"p95", p[2]}};
}

double secondsSince(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

Result<Done> writeOutputs(const HeadModel& m, const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Error{"cannot create " + dir.string() + ": " + ec.message()};
  // Each file is compressed independently: write them side by side.
  std::vector<std::future<Result<Done>>> writes;
  const std::pair<const MaskImage*, const char*> masks[] = {
      {m.head.mask, "head_mask.nii.gz"},
      {m.brain.mask, "brain_mask.nii.gz"},
      {m.tissue.labels, "tissue_labels.nii.gz"},
      {m.intracranial.mask, "intracranial_mask.nii.gz"}};
  for (const auto& [mask, name] : masks)
    writes.push_back(std::async(std::launch::async, [mask, path = (dir / name).string()] {
      return writeMask(mask, path);
    }));
  // One task per mesh: VTK filters must not share an input across threads.
  const std::pair<vtkPolyData*, const char*> meshes[] = {
      {m.scalp_lps, "scalp"}, {m.cortex_lps, "cortex"}, {m.inner_skull_lps, "inner_skull"}};
  for (const auto& [mesh, name] : meshes)
    writes.push_back(std::async(std::launch::async, [mesh, base = (dir / name).string()] {
      for (const char* ext : {".vtp", ".stl", ".obj"})
        if (auto w = writeMeshRas(mesh, base + ext); !w) return w;
      return Result<Done>(Done{});
    }));
  Result<Done> first_error = Done{};
  for (auto& w : writes)
    if (auto r = w.get(); !r && first_error) first_error = r;
  return first_error;
}
}  // namespace

int runSegment(const SegmentArgs& a) {
  if (a.threads > 0) limitThreads(a.threads);
  const auto t0 = std::chrono::steady_clock::now();
  const Progress bar = terminalProgress();
  auto v = loadHeadVolume(a.mri);
  if (!v) return fail(kExitBadInput, v.error());
  nlohmann::json seconds = {{"load", secondsSince(t0)}};

  auto templates = loadMniTemplates(kTemplateDir);
  if (!templates) return fail(kExitFailure, templates.error());
  auto orientation = parseOrientationPolicy(a.orientation);
  if (!orientation) return fail(kExitBadInput, orientation.error());
  auto model = buildFullHeadModel(*v, *templates, bar.sub(0.0, 0.9),
                                  {.intracranial = true, .orientation = *orientation});
  if (!model) return fail(kExitBadInput, a.mri + ": " + model.error());
  // segment's outputs are the brain model's: without it there is nothing complete to write.
  if (model->brain_refused) return fail(kExitBadInput, a.mri + ": " + *model->brain_refused);

  const auto tw = std::chrono::steady_clock::now();
  bar(0.9, "writing");
  if (auto w = writeOutputs(*model, a.out_dir); !w) return fail(kExitFailure, w.error());
  bar(1.0, "done");
  seconds["write"] = secondsSince(tw);
  for (const auto& [name, s] : model->seconds) seconds[name] = s;
  seconds["total"] = secondsSince(t0);

  auto warnings = v->warnings;
  for (const auto& w : model->registration->warnings) warnings.push_back(w);
  if (!model->head.low_threshold_note.empty()) warnings.push_back(model->head.low_threshold_note);
  const long long scalp_triangles = model->scalp_lps->GetNumberOfCells();
  const long long cortex_triangles = model->cortex_lps->GetNumberOfCells();
  if (a.json) {
    printJson(
        {{"out_dir", a.out_dir},
         {"seconds", seconds},
         {"head_volume_ml", model->head.volume_ml},
         {"brain_volume_ml", model->brain.volume_ml},
         {"csf_volume_ml", model->tissue.volumes_ml[0]},
         {"grey_volume_ml", model->tissue.volumes_ml[1]},
         {"white_volume_ml", model->tissue.volumes_ml[2]},
         {"scalp_triangles", scalp_triangles},
         {"cortex_triangles", cortex_triangles},
         {"intracranial_volume_ml", model->intracranial.volume_ml},
         {"inner_skull_to_scalp_mm", percentileJson(model->intracranial.inner_skull_to_scalp_mm)},
         {"csf_layer_mm", percentileJson(model->intracranial.csf_layer_mm)},
         {"registration_head_dice", model->registration->head_dice.value_or(0.0)},
         {"registration_header_turn_deg", model->registration->header_turn_deg},
         {"registration_unusable", model->registration->unusable.value_or("")},
         {"white_to_ventricle_ratio", model->white_to_ventricle.value_or(0.0)},
         {"white_to_grey_ratio", model->white_to_grey.value_or(0.0)},
         {"warnings", warnings}});
  } else {
    for (const auto& w : warnings) std::cerr << "warning: " << w << "\n";
    std::cout << "head " << model->head.volume_ml << " ml, brain " << model->brain.volume_ml
              << " ml, intracranial " << model->intracranial.volume_ml << " ml, scalp "
              << scalp_triangles << " triangles, cortex " << cortex_triangles << " triangles, "
              << seconds["total"].get<double>() << " s -> " << a.out_dir << "\n";
  }
  return kExitOk;
}

}  // namespace tmsnav
