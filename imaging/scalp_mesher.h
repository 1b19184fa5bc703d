#pragma once
// A closed, smooth surface (LPS mm, outward normals) from a binary mask, with a triangle
// budget that software GL renders fast.
#include <vtkPolyData.h>
#include <vtkSmartPointer.h>

#include "imaging/progress.h"
#include "imaging/volume.h"

namespace tmsnav {

struct MeshOptions {
  int smoothing_iterations = 20;
  double passband = 0.05;        // windowed-sinc pass band (lower = smoother)
  double cluster_size_mm = 2.0;  // quadric clustering bin edge: sets the triangle budget
};

vtkSmartPointer<vtkPolyData> meshFromMask(const MaskImage* mask, const MeshOptions& options,
                                          const Progress& progress);

}  // namespace tmsnav
