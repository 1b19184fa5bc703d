#pragma once
// Large fields of view (neck and shoulders, zero padding, sub-millimetre scans) spent most
// of segmentation on background: Colin27 padded to 301^3 voxels took 12 s instead of 4.7.
// The head's box is found on a coarse copy, every stage runs on that crop, and the masks
// are put back on the input grid at the end.
#include "imaging/volume.h"

namespace tmsnav {

// Sub-millimetre scans (0.7 mm: 2.9 times Colin27's voxels, 10.9 s) are likewise
// segmented on a 1 mm grid: the surfaces for coil placement gain nothing finer.
constexpr double kMinWorkingSpacingMm = 0.8;  // finer than this: resampled to 1 mm
constexpr double kWorkingSpacingMm = 1.0;

struct HeadCrop {
  itk::ImageRegion<3> region;  // within the input image
  bool cropped = false;        // false: the box is most of the image, which is used as is
  bool resampled = false;      // true: the work runs on a kWorkingSpacingMm grid
};

// The head's box on a 4 mm copy (segmentHead), widened by kHeadCropMarginMm; and
// whether the voxels are finer than kMinWorkingSpacingMm.
HeadCrop headCrop(const ImageF* image);

// The voxels of crop.region, at the same physical place, resampled to the working grid
// when crop.resampled; the other fields are copied.
Volume croppedVolume(const Volume& volume, const HeadCrop& crop);

// A mask of the working grid put back on the input grid (zero outside the crop; nearest
// neighbour when the working grid was resampled).
MaskImage::Pointer uncropped(const MaskImage* mask, const itk::ImageBase<3>* full,
                             const HeadCrop& crop);

}  // namespace tmsnav
