#pragma once
// Refines a rigid registration with points digitised on the scalp: robust point-to-plane
// ICP against the scalp's vertices and normals (handed in as points: no mesh library
// here). Each round pairs every head point with its nearest scalp vertex, drops pairs
// farther than a trimmed limit, and solves the linearised point-to-plane problem; it stops
// when an update moves the points less than a hundredth of a millimetre.
#include <memory>
#include <vector>

#include <Eigen/Geometry>

#include "core/result.h"
#include "tracking/point_index.h"

namespace tmsnav {

struct SurfaceIcpOptions {
  double trim_fraction = 0.9;  // keep at most this fraction of the closest pairs
  double max_pair_mm = 10.0;   // and none farther than this from the scalp
  int max_iterations = 100;
  double converged_mm = 0.01;  // largest point motion in the last update
  size_t min_points = 20;
};

struct SurfaceIcpResult {
  Eigen::Isometry3d from_to_surface = Eigen::Isometry3d::Identity();
  double mean_before_mm = 0.0;  // mean point-to-surface distance of the points within
                                // max_pair_mm of the surface
  double mean_after_mm = 0.0;
  double rms_after_mm = 0.0;  // over the inliers
  double inlier_fraction = 0.0;
  int iterations = 0;
  bool converged = false;
  // Covariance of the final small motion (rotation vector, translation; about the MRI
  // origin) from the point-to-plane normal equations and the inliers' residual variance:
  // how well the points pin the head down along the surface.
  Eigen::Matrix<double, 6, 6> covariance = Eigen::Matrix<double, 6, 6>::Zero();
};

// The target error this fit predicts at p_mri (RMS, mm): the covariance carried to the
// point. Point-to-plane residuals say nothing about sliding along a symmetric surface, so
// a poorly constrained fit shows up here rather than in the residuals. Validated against
// simulated trials (tests/integration/test_registration_accuracy.cpp).
double predictedTreMm(const SurfaceIcpResult& fit, const Eigen::Vector3d& p_mri);

// The scalp as ICP sees it: vertices with outward unit normals (in the MRI frame) and
// their k-d tree, built once and used for every refinement on this patient.
class ScalpSurface {
 public:
  // Errors: no vertices, or normals that do not match the vertices.
  static Result<std::shared_ptr<const ScalpSurface>> make(std::vector<Eigen::Vector3d> vertices,
                                                          std::vector<Eigen::Vector3d> normals);
  const PointIndex& index() const { return *index_; }
  const std::vector<Eigen::Vector3d>& normals() const { return normals_; }

 private:
  ScalpSurface() = default;
  std::unique_ptr<PointIndex> index_;
  std::vector<Eigen::Vector3d> normals_;
};

// points: digitised in the "from" frame (e.g. HeadRef); initial: from -> MRI (the landmark
// fit).
Result<SurfaceIcpResult> refineOnSurface(const std::vector<Eigen::Vector3d>& points,
                                         const ScalpSurface& surface,
                                         const Eigen::Isometry3d& initial,
                                         const SurfaceIcpOptions& options = {});

}  // namespace tmsnav
