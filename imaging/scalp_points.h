#pragma once
// The scalp mesh handed to registration as points: vertices with outward unit normals
// (tracking/ knows no meshes).
#include <memory>
#include <vector>

#include <vtkPolyData.h>

#include "tracking/surface_icp.h"

namespace tmsnav {

struct ScalpPoints {
  std::vector<Eigen::Vector3d> vertices;  // LPS
  std::vector<Eigen::Vector3d> normals;   // outward, unit
};

// A copy of the mesh's points (cheap); errors: an empty mesh or one without normals.
Result<ScalpPoints> scalpPointsOf(vtkPolyData* scalp_lps);
// The copy and its k-d tree (the tree is the costly part: build it off the UI thread).
Result<std::shared_ptr<const ScalpSurface>> scalpSurfaceOf(vtkPolyData* scalp_lps);

}  // namespace tmsnav
