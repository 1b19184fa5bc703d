#include "imaging/target_planner.h"

#include <cmath>

#include <vtkPointData.h>

namespace tmsnav {

Result<PlannedTarget> planTarget(const SurfaceIndex& scalp, const Eigen::Vector3d& target_lps,
                                 const PlanOptions& options) {
  return planTargetAt(scalp, target_lps, target_lps, options);
}

Result<PlannedTarget> planTargetAt(const SurfaceIndex& scalp, const Eigen::Vector3d& target_lps,
                                   const Eigen::Vector3d& entry_lps, const PlanOptions& options) {
  if (!target_lps.allFinite() || !entry_lps.allFinite())
    return Error{"target coordinates are not finite"};
  if (scalp.empty()) return Error{"no scalp surface"};
  vtkPolyData* scalp_lps = scalp.surface();
  if (!scalp_lps->GetPointData()->GetNormals()) return Error{"scalp surface has no normals"};
  auto nearest = scalp.nearest(entry_lps);
  if (!nearest) return Error{nearest.error()};
  const Eigen::Vector3d entry = *nearest;
  const Eigen::Vector3d n_out = scalp.normal(entry, options.normal_radius_mm);
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
