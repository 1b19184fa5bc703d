#pragma once
// Head (everything inside the skin) from a T1: Otsu threshold, keep the largest
// component, close small gaps, fill every axial slice. On the input image's grid.
//
// A receive coil's bias the scanner did not normalise (a Siemens XA30 64-channel head/neck
// coil, ImageType "NONE" instead of "NORM") leaves the scalp three times as bright as the
// brain: Otsu's threshold then separates the scalp from the rest of the head, and the mask
// has the face and the skull base missing (the 2 mm TFL in tests/data: 2,249 ml filled at
// Otsu's threshold, 4,474 ml at the background's). So the background's own threshold (Otsu's
// again, among the voxels below it) is also tried, and taken when its head is
// kBiasedHeadVolumeRatio times larger: a head Otsu cut into. On scans a coil did not bias
// the two differ by 5-14 % (neck and noise at the edge), measured on Colin27, seg3d, the
// Philips ADNI MPRAGE and the Siemens 4.8 mm series.
#include <map>
#include <string>

#include "imaging/progress.h"
#include "imaging/volume.h"

namespace tmsnav {

struct HeadSegmenterOptions {
  double closing_radius_mm = 3.0;
};

struct HeadMaskResult {
  MaskImage::Pointer mask;  // 1 inside the head, 0 outside; same grid as the input
  double threshold = 0.0;
  double volume_ml = 0.0;
  // Set when the background's threshold was taken (see above): what was found, for the
  // plan's warnings.
  std::string low_threshold_note;
};

constexpr double kBiasedHeadVolumeRatio = 1.4;
constexpr double kThresholdChoiceGridMm = 4.0;  // where the two thresholds are compared

Result<HeadMaskResult> segmentHead(const Volume& volume, const HeadSegmenterOptions& options,
                                   const Progress& progress);

// Index axis (0, 1, 2) whose world direction is closest to superior-inferior.
int axialIndexAxis(const itk::ImageBase<3>* image);

}  // namespace tmsnav
