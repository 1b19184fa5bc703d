#include "imaging/scalp_points.h"

#include <vtkDataArray.h>
#include <vtkPointData.h>

namespace tmsnav {

Result<ScalpPoints> scalpPointsOf(vtkPolyData* scalp) {
  if (!scalp || scalp->GetNumberOfPoints() == 0) return Error{"no scalp surface"};
  vtkDataArray* normals = scalp->GetPointData()->GetNormals();
  if (!normals) return Error{"the scalp surface has no normals"};
  ScalpPoints out;
  for (vtkIdType i = 0; i < scalp->GetNumberOfPoints(); ++i) {
    Eigen::Vector3d p, n;
    scalp->GetPoint(i, p.data());
    normals->GetTuple(i, n.data());
    out.vertices.push_back(p);
    out.normals.push_back(n.normalized());
  }
  return out;
}

Result<std::shared_ptr<const ScalpSurface>> scalpSurfaceOf(vtkPolyData* scalp) {
  auto points = scalpPointsOf(scalp);
  if (!points) return Error{points.error()};
  return ScalpSurface::make(std::move(points->vertices), std::move(points->normals));
}

}  // namespace tmsnav
