#pragma once
// Everything segmentation produces for one MRI, with per-stage timings.
#include <map>
#include <string>

#include "imaging/head_segmenter.h"
#include "imaging/scalp_mesher.h"

namespace tmsnav {

struct HeadModel {
  HeadMaskResult head;
  vtkSmartPointer<vtkPolyData> scalp_lps;
  std::map<std::string, double> seconds;  // per stage
};

Result<HeadModel> buildHeadModel(const Volume& volume, const Progress& progress);

}  // namespace tmsnav
