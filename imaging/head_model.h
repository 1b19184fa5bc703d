#pragma once
// Everything segmentation produces for one MRI, with per-stage timings: the head and its
// scalp surface first (enough to plan on the scalp), then the brain, its tissue classes
// and the cortex surface, which need the MNI registration.
#include <map>
#include <optional>
#include <string>

#include "imaging/brain_segmenter.h"
#include "imaging/head_segmenter.h"
#include "imaging/intracranial.h"
#include "imaging/scalp_mesher.h"
#include "imaging/tissue_classifier.h"

namespace tmsnav {

struct HeadModel {
  HeadMaskResult head;
  vtkSmartPointer<vtkPolyData> scalp_lps;
  BrainMaskResult brain;                         // empty until addBrainModel
  TissueResult tissue;                           // empty until addBrainModel
  vtkSmartPointer<vtkPolyData> cortex_lps;       // null until addBrainModel
  IntracranialResult intracranial;               // empty unless addBrainModel made it
  vtkSmartPointer<vtkPolyData> inner_skull_lps;  // null unless addBrainModel made it
  std::optional<MniRegistration> registration;   // set by buildFullHeadModel
  std::optional<double> white_to_ventricle;      // set by addBrainModel (contrast_check.h)
  std::optional<double> white_to_grey;           // the same: below 1, a FLAIR
  // Set when the image's contrast cannot carry a brain model (contrast_check.h): the head,
  // scalp and registration stay (scalp, RAS and MNI targets), brain, tissue and cortex are
  // left empty, and this says why.
  std::optional<std::string> brain_refused;
  std::map<std::string, double> seconds;         // per stage
  // Set when a large field of view was cropped to the head's box (head_crop.h) for the
  // work; the masks above are back on the input grid either way.
  std::optional<itk::ImageRegion<3>> crop_region;
  bool resampled_to_working_grid = false;  // sub-millimetre input, worked on at 1 mm
};

Result<HeadModel> buildHeadModel(const Volume& volume, const Progress& progress);

struct MniTemplates {
  Volume t1;     // Colin27 (ch2)
  Volume brain;  // its brain mask (ch2bet)
};
// Colin27 (ch2) and its brain (ch2bet) from template_dir (kTemplateDir: mricron-data).
Result<MniTemplates> loadMniTemplates(const std::string& template_dir);

// What a caller needs beyond the head, brain, tissue and cortex. The intracranial mask and
// inner skull take 2-3 s of a second core beside the cortex; planning and the app use
// neither, so only `segment` asks for them.
struct HeadModelParts {
  bool intracranial = true;
  // Which head orientations the MNI registration may start from (mni_registration.h).
  OrientationPolicy orientation = OrientationPolicy::Auto;
};

// Brain mask, tissue classes, the cortex (grey matter's outer) surface and, when asked for,
// the intracranial mask and the inner skull surface.
// Images without the contrast a brain model needs (contrast_check.h) get no brain model:
// `brain_refused` says why (not an error: the head and registration remain usable);
// contrast_regions: templateContrastRegions of the same templates.
Result<Done> addBrainModel(HeadModel& model, const Volume& volume,
                           const MniRegistration& registration, const MniTemplates& templates,
                           const ImageF* contrast_regions, const Progress& progress,
                           const HeadModelParts& parts = {});

// Everything: head and scalp while the MNI registration runs on another thread, then the
// brain model.
Result<HeadModel> buildFullHeadModel(const Volume& volume, const MniTemplates& templates,
                                     const Progress& progress, const HeadModelParts& parts = {});

constexpr long kCortexTriangles = 99000;  // renders fast in software GL (issue 16: <= 100k)

// Grey and white matter, one piece, holes filled: what the cortex surface wraps.
MaskImage::Pointer cortexMask(const TissueResult& tissue);
// The cortex surface: outer boundary of grey + white matter, sulci open, in LPS mm.
vtkSmartPointer<vtkPolyData> cortexSurface(const TissueResult& tissue, const Progress& progress);

}  // namespace tmsnav
