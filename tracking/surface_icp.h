#pragma once
// Refines a rigid registration with points digitised on the scalp: robust point-to-plane
// ICP against the scalp's vertices and normals (handed in as points: no mesh library
// here). Each round pairs every head point with its nearest scalp vertex, drops pairs
// farther than a trimmed limit, and solves the linearised point-to-plane problem; it stops
// when an update moves the points less than a hundredth of a millimetre.
#include <vector>

#include <Eigen/Geometry>

#include "core/result.h"

namespace tmsnav {

struct SurfaceIcpOptions {
  double trim_fraction = 0.9;     // keep at most this fraction of the closest pairs
  double max_pair_mm = 10.0;      // and none farther than this from the scalp
  int max_iterations = 100;
  double converged_mm = 0.01;     // largest point motion in the last update
  size_t min_points = 20;
};

struct SurfaceIcpResult {
  Eigen::Isometry3d from_to_surface = Eigen::Isometry3d::Identity();
  double mean_before_mm = 0.0;  // mean point-to-surface distance of all points
  double mean_after_mm = 0.0;
  double rms_after_mm = 0.0;    // over the inliers
  double inlier_fraction = 0.0;
  int iterations = 0;
  bool converged = false;
};

// points: digitised in the "from" frame (e.g. HeadRef); surface vertices and outward unit
// normals in the "to" frame (MRI); initial: from -> to (the landmark fit).
Result<SurfaceIcpResult> refineOnSurface(const std::vector<Eigen::Vector3d>& points,
                                         const std::vector<Eigen::Vector3d>& surface,
                                         const std::vector<Eigen::Vector3d>& normals,
                                         const Eigen::Isometry3d& initial,
                                         const SurfaceIcpOptions& options = {});

}  // namespace tmsnav
