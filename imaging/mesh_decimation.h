#pragma once
// Edge-collapse decimation with quadric error metrics (Garland and Heckbert 1997) that
// keeps a closed, manifold, one-piece surface closed, manifold and in one piece: a
// collapse is refused when it would break the link condition (two sheets across a narrow
// sulcus are never merged, unlike vertex clustering) or flip a triangle. VTK 9.1's decimators were
// measured on Colin27's 711k-triangle cortex: vtkQuadricDecimation 6-7 s and 22-82 open edges at
// 100k, vtkDecimatePro with PreserveTopology stalls at 253k (204+ open edges when allowed further).
#include <vtkPolyData.h>
#include <vtkSmartPointer.h>

namespace tmsnav {

struct DecimationOptions {
  long target_triangles = 95000;  // at most this many, when the costs allow
  // A collapse's cost: the sum of squared distances (mm^2) from the new vertex to the
  // planes of every original triangle merged into it. None above this. The sum grows with
  // every merge, so it is a loose guard: at 4 mm^2 Colin27's cortex stopped at 107k
  // triangles; the triangle budget is what stops the cortex.
  double max_cost_mm2 = 1000.0;
};

// Triangles only; other cells are dropped. Point data is not carried.
vtkSmartPointer<vtkPolyData> decimated(vtkPolyData* triangles, const DecimationOptions& options);

}  // namespace tmsnav
