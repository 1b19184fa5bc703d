#include "imaging/target_planner.h"

#include <cmath>

#include <vtkDataArray.h>
#include <vtkIdList.h>
#include <vtkNew.h>
#include <vtkOBBTree.h>
#include <vtkPointData.h>
#include <vtkPoints.h>
#include <vtkStaticCellLocator.h>
#include <vtkStaticPointLocator.h>

namespace tmsnav {

namespace {
Eigen::Vector3d outwardNormal(vtkPolyData* scalp, const Eigen::Vector3d& p, double radius) {
  if (!scalp->GetPointData()->GetNormals()) return Eigen::Vector3d::Constant(std::nan(""));
  vtkNew<vtkStaticPointLocator> points;
  points->SetDataSet(scalp);
  points->BuildLocator();
  vtkNew<vtkIdList> ids;
  points->FindPointsWithinRadius(radius, p.data(), ids);
  if (ids->GetNumberOfIds() == 0) ids->InsertNextId(points->FindClosestPoint(p.data()));
  vtkDataArray* normals = scalp->GetPointData()->GetNormals();
  Eigen::Vector3d n = Eigen::Vector3d::Zero();
  for (vtkIdType i = 0; i < ids->GetNumberOfIds(); ++i) {
    double v[3];
    normals->GetTuple(ids->GetId(i), v);
    n += Eigen::Vector3d(v[0], v[1], v[2]);
  }
  return n.normalized();
}
}  // namespace

Result<Eigen::Vector3d> nearestSurfacePoint(vtkPolyData* surface_lps,
                                            const Eigen::Vector3d& p_lps) {
  if (!surface_lps || surface_lps->GetNumberOfCells() == 0) return Error{"no surface"};
  vtkNew<vtkStaticCellLocator> cells;
  cells->SetDataSet(surface_lps);
  cells->BuildLocator();
  double closest[3], dist2 = 0;
  vtkIdType cell_id = -1;
  int sub_id = 0;
  cells->FindClosestPoint(p_lps.data(), closest, cell_id, sub_id, dist2);
  if (cell_id < 0) return Error{"no surface point near the target"};
  return Eigen::Vector3d(closest[0], closest[1], closest[2]);
}

Eigen::Vector3d surfaceNormal(vtkPolyData* surface_lps, const Eigen::Vector3d& p_lps,
                              double radius_mm) {
  return outwardNormal(surface_lps, p_lps, radius_mm);
}

std::optional<Eigen::Vector3d> firstHit(vtkPolyData* surface_lps, const Eigen::Vector3d& origin,
                                        const Eigen::Vector3d& direction, double max_mm) {
  if (!surface_lps || surface_lps->GetNumberOfCells() == 0 || direction.norm() < 1e-9)
    return std::nullopt;
  // vtkOBBTree returns every crossing; vtkStaticCellLocator (VTK 9.1) missed lines that
  // start outside the surface's bounds.
  vtkNew<vtkOBBTree> tree;
  tree->SetDataSet(surface_lps);
  tree->BuildLocator();
  const Eigen::Vector3d end = origin + max_mm * direction.normalized();
  vtkNew<vtkPoints> hits;
  tree->IntersectWithLine(origin.data(), end.data(), hits, nullptr);
  std::optional<Eigen::Vector3d> best;
  for (vtkIdType i = 0; i < hits->GetNumberOfPoints(); ++i) {
    Eigen::Vector3d p;
    hits->GetPoint(i, p.data());
    if (!best || (p - origin).norm() < (*best - origin).norm()) best = p;
  }
  return best;
}

Result<PlannedTarget> planTarget(vtkPolyData* scalp_lps, const Eigen::Vector3d& target_lps,
                                 const PlanOptions& options) {
  if (!target_lps.allFinite()) return Error{"target coordinates are not finite"};
  if (!scalp_lps || scalp_lps->GetNumberOfCells() == 0) return Error{"no scalp surface"};
  if (!scalp_lps->GetPointData()->GetNormals()) return Error{"scalp surface has no normals"};

  return planTargetAt(scalp_lps, target_lps, target_lps, options);
}

Result<PlannedTarget> planTargetAt(vtkPolyData* scalp_lps, const Eigen::Vector3d& target_lps,
                                   const Eigen::Vector3d& entry_lps, const PlanOptions& options) {
  if (!target_lps.allFinite() || !entry_lps.allFinite())
    return Error{"target coordinates are not finite"};
  if (!scalp_lps || scalp_lps->GetNumberOfCells() == 0) return Error{"no scalp surface"};
  if (!scalp_lps->GetPointData()->GetNormals()) return Error{"scalp surface has no normals"};
  auto nearest = nearestScalpPoint(scalp_lps, entry_lps);
  if (!nearest) return Error{nearest.error()};
  const Eigen::Vector3d entry = *nearest;
  const Eigen::Vector3d n_out = outwardNormal(scalp_lps, entry, options.normal_radius_mm);
  if (!n_out.allFinite()) return Error{"scalp normal is undefined at the entry point"};
  const Eigen::Vector3d z = -n_out;

  // Posterior in LPS is +y; lateral is +x (left) or -x (right) by the entry's side of the head.
  double bounds[6];
  scalp_lps->GetBounds(bounds);
  const double centre_x = 0.5 * (bounds[0] + bounds[1]);
  const Eigen::Vector3d lateral(entry.x() >= centre_x ? 1.0 : -1.0, 0.0, 0.0);
  Eigen::Vector3d posterior = Eigen::Vector3d::UnitY() - Eigen::Vector3d::UnitY().dot(z) * z;
  if (posterior.norm() < 1e-6) posterior = Eigen::Vector3d::UnitZ().cross(z);  // vertex or face
  posterior.normalize();
  const Eigen::Vector3d side =
      z.cross(posterior).dot(lateral) >= 0 ? z.cross(posterior) : -z.cross(posterior);
  const Eigen::Vector3d y =
      std::cos(options.handle_angle_rad) * posterior + std::sin(options.handle_angle_rad) * side;
  const Eigen::Vector3d x = y.cross(z);

  Eigen::Isometry3d pose = Eigen::Isometry3d::Identity();
  pose.linear().col(0) = x;
  pose.linear().col(1) = y;
  pose.linear().col(2) = z;
  pose.translation() = entry - options.scalp_offset_mm * z;

  PlannedTarget t;
  t.target_lps = target_lps;
  t.entry_lps = entry;
  t.scalp_to_target_mm = (target_lps - entry).norm();
  t.target_to_mri = Transform<frame::Target, frame::Mri>(pose);
  return t;
}

}  // namespace tmsnav
