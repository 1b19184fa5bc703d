#pragma once
// A smooth surface (LPS mm, outward normals) from a binary mask, with a triangle budget
// that software GL renders fast: closed and manifold by default (the scalp).
#include <vtkPolyData.h>
#include <vtkSmartPointer.h>

#include "imaging/progress.h"
#include "imaging/volume.h"

namespace tmsnav {

struct MeshOptions {
  int smoothing_iterations = 20;
  double passband = 0.05;  // windowed-sinc pass band (lower = smoother)
  // > 0: the mask is smoothed onto a grid this coarse and contoured there. The contour is
  // closed and manifold, and its grid sets the triangle budget: no decimation needed.
  double contour_grid_mm = 2.0;  // about 90k triangles on an adult head
  // > 0 (with contour_grid_mm = 0): contoured on the mask's own grid, then decimated to
  // this many triangles (mesh_decimation.h): still closed and manifold, narrow sulci open.
  long target_triangles = 0;
  // With contour_grid_mm > 0: a contour above this (a field of view down to the shoulders:
  // 117,816 triangles on the Siemens XA30 TFL) is decimated to it, issue 4's budget for a
  // scalp that renders fast. 0: no limit.
  long max_triangles = 100000;
};

vtkSmartPointer<vtkPolyData> meshFromMask(const MaskImage* mask, const MeshOptions& options,
                                          const Progress& progress);

}  // namespace tmsnav
