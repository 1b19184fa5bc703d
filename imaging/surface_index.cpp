#include "imaging/surface_index.h"

#include <cmath>

#include <vtkDataArray.h>
#include <vtkIdList.h>
#include <vtkNew.h>
#include <vtkPointData.h>
#include <vtkPoints.h>

namespace tmsnav {

void SurfaceIndex::build() const {
  if (empty()) return;
  cells();
  points();
  obb();
}

vtkStaticCellLocator* SurfaceIndex::cells() const {
  if (!cells_) {
    cells_ = vtkSmartPointer<vtkStaticCellLocator>::New();
    cells_->SetDataSet(surface_);
    cells_->BuildLocator();
  }
  return cells_;
}

vtkStaticPointLocator* SurfaceIndex::points() const {
  if (!points_) {
    points_ = vtkSmartPointer<vtkStaticPointLocator>::New();
    points_->SetDataSet(surface_);
    points_->BuildLocator();
  }
  return points_;
}

// vtkOBBTree returns every crossing of a line; vtkStaticCellLocator (VTK 9.1) missed lines
// that start outside the surface's bounds.
vtkOBBTree* SurfaceIndex::obb() const {
  if (!obb_) {
    obb_ = vtkSmartPointer<vtkOBBTree>::New();
    obb_->SetDataSet(surface_);
    obb_->BuildLocator();
  }
  return obb_;
}

Result<Eigen::Vector3d> SurfaceIndex::nearest(const Eigen::Vector3d& p_lps) const {
  if (empty()) return Error{"no surface"};
  if (!p_lps.allFinite()) return Error{"the point is not finite"};
  double closest[3], dist2 = 0;
  vtkIdType cell_id = -1;
  int sub_id = 0;
  cells()->FindClosestPoint(p_lps.data(), closest, cell_id, sub_id, dist2);
  if (cell_id < 0) return Error{"no surface point near the target"};
  return Eigen::Vector3d(closest[0], closest[1], closest[2]);
}

Eigen::Vector3d SurfaceIndex::normal(const Eigen::Vector3d& p_lps, double radius_mm) const {
  if (empty() || !surface_->GetPointData()->GetNormals() || !p_lps.allFinite() ||
      !std::isfinite(radius_mm))
    return Eigen::Vector3d::Constant(std::nan(""));
  vtkNew<vtkIdList> ids;
  points()->FindPointsWithinRadius(radius_mm, p_lps.data(), ids);
  if (ids->GetNumberOfIds() == 0) ids->InsertNextId(points()->FindClosestPoint(p_lps.data()));
  vtkDataArray* normals = surface_->GetPointData()->GetNormals();
  Eigen::Vector3d n = Eigen::Vector3d::Zero();
  for (vtkIdType i = 0; i < ids->GetNumberOfIds(); ++i) {
    double v[3];
    normals->GetTuple(ids->GetId(i), v);
    n += Eigen::Vector3d(v[0], v[1], v[2]);
  }
  return n.normalized();
}

std::optional<double> SurfaceIndex::valueAt(const char* point_array, const Eigen::Vector3d& p_lps,
                                            double max_mm) const {
  if (empty() || !p_lps.allFinite()) return std::nullopt;
  vtkDataArray* values = surface_->GetPointData()->GetArray(point_array);
  if (!values || values->GetNumberOfComponents() != 1) return std::nullopt;
  double dist2 = 0;
  const vtkIdType id = points()->FindClosestPointWithinRadius(max_mm, p_lps.data(), dist2);
  if (id < 0) return std::nullopt;
  const double v = values->GetTuple1(id);
  if (!std::isfinite(v)) return std::nullopt;
  return v;
}

std::optional<Eigen::Vector3d> SurfaceIndex::firstHit(const Eigen::Vector3d& origin,
                                                      const Eigen::Vector3d& direction,
                                                      double max_mm) const {
  if (empty() || direction.norm() < 1e-9 || !origin.allFinite() || !direction.allFinite())
    return std::nullopt;
  const Eigen::Vector3d end = origin + max_mm * direction.normalized();
  vtkNew<vtkPoints> hits;
  obb()->IntersectWithLine(origin.data(), end.data(), hits, nullptr);
  std::optional<Eigen::Vector3d> best;
  for (vtkIdType i = 0; i < hits->GetNumberOfPoints(); ++i) {
    Eigen::Vector3d p;
    hits->GetPoint(i, p.data());
    if (!best || (p - origin).norm() < (*best - origin).norm()) best = p;
  }
  return best;
}

}  // namespace tmsnav
