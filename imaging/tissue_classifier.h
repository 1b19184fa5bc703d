#pragma once
// CSF / grey / white matter inside the brain mask of a T1: the bias field is removed by
// dividing by a smooth local white-matter level, the three classes come from k-means on
// the corrected intensities, and a few iterated-conditional-modes sweeps (Potts prior on
// the 6 neighbours) remove isolated voxels.
#include <array>

#include "imaging/progress.h"
#include "imaging/volume.h"

namespace tmsnav {

enum TissueLabel : unsigned char { kBackground = 0, kCsf = 1, kGrey = 2, kWhite = 3 };

struct TissueOptions {
  double bias_sigma_mm = 15.0;  // the bias field is smoother than any anatomy at this scale
  int bias_iterations = 3;
  double neighbour_weight = 0.6;  // Potts weight per agreeing neighbour, in log-likelihood units
  int icm_sweeps = 2;
};

struct TissueResult {
  MaskImage::Pointer labels;            // TissueLabel per voxel; input image's grid
  std::array<double, 3> class_means{};  // bias-corrected, relative to white matter = 1
  std::array<double, 3> volumes_ml{};   // CSF, grey, white
};

Result<TissueResult> classifyTissue(const Volume& volume, const MaskImage* brain_mask,
                                    const TissueOptions& options, const Progress& progress);

}  // namespace tmsnav
