#pragma once
// From a target point to a coil pose on the patient's scalp: the entry point is the scalp
// point nearest the target, coil +z points into the head along the local scalp normal,
// coil +y (handle) points posterior, turned toward the target's side by the handle angle.
#include <optional>
#include <string>

#include <vtkPolyData.h>

#include "core/frames.h"
#include "core/result.h"
#include "imaging/surface_index.h"

namespace tmsnav {

struct PlanOptions {
  double handle_angle_rad = 0.7853981633974483;  // 45 degrees from the midline
  double normal_radius_mm = 10.0;                // scalp patch that defines the normal
  double scalp_offset_mm = 0.0;                  // hair / coil casing between scalp and coil
  // Entry where the cortex normal at the target leaves the scalp, instead of the scalp
  // point nearest the target (needs the cortex surface).
  bool entry_along_cortex_normal = false;
};

struct PlannedTarget {
  std::string name;
  std::string method;  // "ras", ...
  Eigen::Vector3d target_lps = Eigen::Vector3d::Zero();
  Eigen::Vector3d entry_lps = Eigen::Vector3d::Zero();
  double scalp_to_target_mm = 0.0;
  Transform<frame::Target, frame::Mri> target_to_mri;  // planned coil pose
  std::optional<Eigen::Vector3d> target_mni_lps;       // where the target is in MNI space
  std::optional<double> scalp_to_cortex_mm;            // entry to the cortex along the coil axis
  std::optional<Eigen::Vector3d> source_mni_lps;  // atlas: the region centroid before projection
};

// The scalp must carry outward point normals (meshFromMask provides them).
Result<PlannedTarget> planTarget(const SurfaceIndex& scalp, const Eigen::Vector3d& target_lps,
                                 const PlanOptions& options);
// The same with the entry point given (a scalp rule's scalp position); it is moved onto the
// scalp mesh first.
Result<PlannedTarget> planTargetAt(const SurfaceIndex& scalp, const Eigen::Vector3d& target_lps,
                                   const Eigen::Vector3d& entry_lps, const PlanOptions& options);

}  // namespace tmsnav
