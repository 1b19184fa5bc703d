#pragma once
// Binary mask morphology shared by the head, brain and tissue segmenters. Masks hold 0/1;
// radii are in mm so results do not depend on the voxel size.
#include <optional>

#include "imaging/volume.h"

namespace tmsnav {

MaskImage::Pointer newMaskLike(const itk::ImageBase<3>* reference);

// The mask as 0/1 floats, for interpolation and smoothing.
ImageF::Pointer maskAsFloat(const MaskImage* mask);

// Signed Euclidean distance (mm, negative inside) to the mask's boundary.
ImageF::Pointer signedDistanceMm(const MaskImage* mask);

// Keeps the largest face-connected component; returns its voxel count.
size_t keepLargestComponent(MaskImage* mask);

// Ball dilation, erosion, closing and opening through distance maps: exact for Euclidean
// balls and linear in the number of voxels, whatever the radius.
void dilateMask(MaskImage* mask, double radius_mm);
void erodeMask(MaskImage* mask, double radius_mm);
void closeMask(MaskImage* mask, double radius_mm);
void openMask(MaskImage* mask, double radius_mm);

// 2-D flood fill of the background from the border of every slice normal to `axis`.
void fillSlices(MaskImage* mask, int axis);
// 3-D: whatever background the image border cannot reach becomes foreground.
void fillHoles(MaskImage* mask);

// The smallest region holding every voxel of the mask; none for an empty mask.
std::optional<itk::ImageRegion<3>> maskBounds(const MaskImage* mask);

size_t countVoxels(const MaskImage* mask);
double maskVolumeMl(const MaskImage* mask);

}  // namespace tmsnav
