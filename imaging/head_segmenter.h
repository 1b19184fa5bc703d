#pragma once
// Head (everything inside the skin) from a T1: Otsu threshold, keep the largest
// component, close small gaps, fill every axial slice. On the input image's grid.
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
};

Result<HeadMaskResult> segmentHead(const Volume& volume, const HeadSegmenterOptions& options,
                                   const Progress& progress);

// Index axis (0, 1, 2) whose world direction is closest to superior-inferior.
int axialIndexAxis(const itk::ImageBase<3>* image);

}  // namespace tmsnav
