#include "imaging/head_model.h"

#include <chrono>
#include <future>

#include "imaging/contrast_check.h"
#include "imaging/head_crop.h"
#include "imaging/mask_ops.h"
#include "imaging/registration_quality.h"
#include "imaging/scalp_to_cortex.h"
#include "imaging/sulcal_depth.h"

namespace tmsnav {

namespace {
double secondsSince(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// Puts every mask back on the input image's grid.
void restoreGrid(HeadModel& m, const Volume& full, const HeadCrop& crop) {
  if (!crop.cropped && !crop.resampled) return;
  if (crop.cropped) m.crop_region = crop.region;
  m.resampled_to_working_grid = crop.resampled;
  for (MaskImage::Pointer* mask :
       {&m.head.mask, &m.brain.mask, &m.tissue.labels, &m.intracranial.mask})
    if (*mask) *mask = uncropped(*mask, full.image, crop);
}

Result<HeadModel> headModelOn(const Volume& volume, const Progress& progress) {
  HeadModel m;
  auto t0 = std::chrono::steady_clock::now();
  auto head = segmentHead(volume, {}, progress.sub(0.0, 0.6));
  if (!head) return Error{head.error()};
  m.head = std::move(*head);
  m.seconds["head_mask"] = secondsSince(t0);
  if (progress.cancelled()) return Error{"cancelled"};

  t0 = std::chrono::steady_clock::now();
  m.scalp_lps = meshFromMask(m.head.mask, {}, progress.sub(0.6, 1.0));
  m.seconds["scalp_mesh"] = secondsSince(t0);
  if (m.scalp_lps->GetNumberOfCells() == 0) return Error{"scalp surface is empty"};
  return m;
}
}  // namespace

Result<HeadModel> buildHeadModel(const Volume& input, const Progress& progress) {
  const auto t0 = std::chrono::steady_clock::now();
  const HeadCrop crop = headCrop(input.image);
  auto m = headModelOn(croppedVolume(input, crop), progress);
  if (!m) return m;
  restoreGrid(*m, input, crop);
  m->seconds["crop"] = secondsSince(t0) - m->seconds["head_mask"] - m->seconds["scalp_mesh"];
  return m;
}

MaskImage::Pointer cortexMask(const TissueResult& tissue) {
  auto mask = newMaskLike(tissue.labels);
  const size_t n = tissue.labels->GetLargestPossibleRegion().GetNumberOfPixels();
  const unsigned char* lab = tissue.labels->GetBufferPointer();
  unsigned char* m = mask->GetBufferPointer();
  for (size_t i = 0; i < n; ++i) m[i] = lab[i] >= kGrey ? 1 : 0;
  keepLargestComponent(mask);
  fillHoles(mask);  // ventricles and deep CSF are not part of the outer surface
  return mask;
}

vtkSmartPointer<vtkPolyData> cortexSurface(const TissueResult& tissue, const Progress& progress) {
  MeshOptions options;
  // Light smoothing: 15 iterations at pass band 0.1 pulled the surface off the 1 mm contour
  // by over 1 mm on 2.9 % of coil-axis rays on Colin27; these settings, on 0.1 %.
  options.smoothing_iterations = 5;
  options.passband = 0.3;
  options.contour_grid_mm = 0.0;  // on the mask's grid: a coarser one closes sulci
  options.target_triangles = kCortexTriangles;
  auto cortex = meshFromMask(cortexMask(tissue), options, progress);
  addSulcalDepth(cortex);
  return cortex;
}

namespace {
// Each scalp vertex's distance to the cortex (scalp_to_cortex.h).
Result<Done> addScalpToCortex(HeadModel& m) {
  const auto t0 = std::chrono::steady_clock::now();
  if (auto d = addScalpToCortexDistance(m.scalp_lps, m.cortex_lps); !d) return d;
  m.seconds["scalp_to_cortex"] = secondsSince(t0);
  return Done{};
}
}  // namespace

Result<Done> addBrainModel(HeadModel& m, const Volume& volume, const MniRegistration& registration,
                           const MniTemplates& templates, const ImageF* contrast_regions,
                           const Progress& progress, const HeadModelParts& parts) {
  auto t0 = std::chrono::steady_clock::now();
  auto brain =
      segmentBrain(volume, registration, templates.brain, m.head.mask, {}, progress.sub(0.0, 0.3));
  if (!brain) return Error{brain.error()};
  m.brain = std::move(*brain);
  auto contrast = contrastFigures(volume, m.brain.mask, contrast_regions, registration);
  if (!contrast) return Error{contrast.error()};
  m.white_to_ventricle = contrast->white_to_ventricle;
  m.white_to_grey = contrast->white_to_grey;
  if (auto t1 = requireT1Contrast(*contrast); !t1) {
    m.brain = {};
    m.brain_refused = t1.error();
    // Measured on the XA30 2 mm TFL: white/grey 0.85 as scanned; 0.93 after N4 (Tustison
    // 2010; 20-37 s on 2 cores), still under the minimum, so no correction is made here.
    if (!m.head.low_threshold_note.empty())
      *m.brain_refused +=
          "; the image is also much brighter at the head's surface than at its centre (a "
          "receive coil's bias), which darkens the deep white matter against the cortex: a scan "
          "with the scanner's intensity normalisation (Siemens 'Prescan Normalize') may pass";
    return Done{};
  }
  m.seconds["brain_mask"] = secondsSince(t0);
  if (progress.cancelled()) return Error{"cancelled"};

  t0 = std::chrono::steady_clock::now();
  auto tissue = classifyTissue(volume, m.brain.mask, {}, progress.sub(0.3, 0.6));
  if (!tissue) return Error{tissue.error()};
  m.tissue = std::move(*tissue);
  m.seconds["tissue"] = secondsSince(t0);
  if (progress.cancelled()) return Error{"cancelled"};

  // The intracranial mask and its surface, when asked for, run beside the cortex surface.
  // An async future joins when destroyed, so every return below waits for it.
  std::future<std::pair<Result<IntracranialResult>, double>> skull;
  if (parts.intracranial)
    skull = std::async(std::launch::async, [&] {
      const auto t1 = std::chrono::steady_clock::now();
      auto r = segmentIntracranial(volume, m.brain.mask, m.head.mask, m.tissue, registration);
      if (r) m.inner_skull_lps = meshFromMask(r->mask, {}, Progress{nullptr, progress.cancel});
      return std::make_pair(std::move(r), secondsSince(t1));
    });
  t0 = std::chrono::steady_clock::now();
  m.cortex_lps = cortexSurface(m.tissue, progress.sub(0.6, 1.0));
  m.seconds["cortex_mesh"] = secondsSince(t0);
  if (m.cortex_lps->GetNumberOfCells() == 0) return Error{"cortex surface is empty"};
  if (!skull.valid()) return addScalpToCortex(m);  // not asked for
  auto [intracranial, skull_s] = skull.get();
  m.seconds["intracranial"] = skull_s;
  if (!intracranial) return Error{intracranial.error()};
  m.intracranial = std::move(*intracranial);
  if (m.inner_skull_lps->GetNumberOfCells() == 0) return Error{"inner skull surface is empty"};
  return addScalpToCortex(m);
}

Result<MniTemplates> loadMniTemplates(const std::string& template_dir) {
  auto t1 = loadVolume(template_dir + "/" + kMniTemplateFile);
  auto brain = loadVolume(template_dir + "/" + kMniBrainTemplateFile);
  if (!t1 || !brain)
    return Error{"the MNI template is missing (install mricron-data): " +
                 (t1 ? brain.error() : t1.error())};
  return MniTemplates{std::move(*t1), std::move(*brain)};
}

Result<HeadModel> buildFullHeadModel(const Volume& input, const MniTemplates& templates,
                                     const Progress& progress, const HeadModelParts& parts) {
  auto t0 = std::chrono::steady_clock::now();
  const HeadCrop crop = headCrop(input.image);
  const Volume volume = croppedVolume(input, crop);
  const double crop_s = secondsSince(t0);
  // The template's head: the registration's metric region, and what judges its result.
  auto template_head = templateHeadMask(templates.t1);
  if (!template_head) return Error{template_head.error()};
  RegistrationOptions options;
  options.template_head = *template_head;
  options.orientation = parts.orientation;
  // The registration only reports completion: two stages writing one bar would make it jump.
  auto registration = std::async(std::launch::async, [&] {
    return registerToMni(volume, templates.t1, options, Progress{nullptr, progress.cancel});
  });
  auto model = headModelOn(volume, progress.sub(0.0, 0.3));
  auto contrast_regions = templateContrastRegions(templates.t1, templates.brain);  // meanwhile
  auto reg = registration.get();  // always joined before returning
  if (!model) return model;
  if (!reg) return Error{reg.error()};
  if (!contrast_regions) return Error{contrast_regions.error()};
  progress(0.5, "registration");
  model->registration = std::move(*reg);
  if (auto q = chooseRegistration(*model->registration, model->head.mask, *template_head); !q)
    return Error{q.error()};
  model->seconds["registration"] = model->registration->seconds;
  if (auto b = addBrainModel(*model, volume, *model->registration, templates, *contrast_regions,
                             progress.sub(0.5, 1.0), parts);
      !b)
    return Error{b.error()};
  t0 = std::chrono::steady_clock::now();
  restoreGrid(*model, input, crop);
  model->seconds["crop"] = crop_s + secondsSince(t0);
  return model;
}

}  // namespace tmsnav
