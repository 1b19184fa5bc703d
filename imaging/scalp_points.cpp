#include "imaging/scalp_points.h"

#include <vtkDataArray.h>
#include <vtkPointData.h>

namespace tmsnav {

Result<std::shared_ptr<const ScalpSurface>> scalpSurfaceOf(vtkPolyData* scalp) {
  if (!scalp || scalp->GetNumberOfPoints() == 0) return Error{"no scalp surface"};
  vtkDataArray* normals = scalp->GetPointData()->GetNormals();
  if (!normals) return Error{"the scalp surface has no normals"};
  std::vector<Eigen::Vector3d> vertices, unit_normals;
  for (vtkIdType i = 0; i < scalp->GetNumberOfPoints(); ++i) {
    Eigen::Vector3d p, n;
    scalp->GetPoint(i, p.data());
    normals->GetTuple(i, n.data());
    vertices.push_back(p);
    unit_normals.push_back(n.normalized());
  }
  return ScalpSurface::make(std::move(vertices), std::move(unit_normals));
}

std::vector<Eigen::Vector3d> vaultVertices(vtkPolyData* scalp, double level_z, double above_mm) {
  std::vector<Eigen::Vector3d> out;
  if (!scalp) return out;
  for (vtkIdType i = 0; i < scalp->GetNumberOfPoints(); ++i) {
    Eigen::Vector3d p;
    scalp->GetPoint(i, p.data());
    if (p.z() > level_z + above_mm) out.push_back(p);
  }
  return out;
}

}  // namespace tmsnav
