#pragma once
// The scalp mesh handed to registration as points: vertices with outward unit normals
// (tracking/ knows no meshes), and the vault a pointer sweep covers.
#include <memory>
#include <vector>

#include <vtkPolyData.h>

#include "tracking/surface_icp.h"

namespace tmsnav {

// Errors: an empty mesh or one without point normals.
Result<std::shared_ptr<const ScalpSurface>> scalpSurfaceOf(vtkPolyData* scalp_lps);

// Scalp vertices at least `above_mm` above `level_lps` (LPS +z is superior): the vault and
// forehead a sweep passes over, not the face or the neck.
std::vector<Eigen::Vector3d> vaultVertices(vtkPolyData* scalp_lps, double level_z_lps,
                                           double above_mm);

}  // namespace tmsnav
