#pragma once
// Nearest scalp point to a position (e.g. the coil centre), for "how far above the scalp
// is the coil": a k-d tree over the scalp's vertices (nanoflann, header-only).
#include <memory>
#include <vector>

#include <Eigen/Core>

namespace tmsnav {

class ScalpProjector {
 public:
  explicit ScalpProjector(std::vector<Eigen::Vector3d> vertices_lps);
  ~ScalpProjector();
  ScalpProjector(const ScalpProjector&) = delete;
  ScalpProjector& operator=(const ScalpProjector&) = delete;

  struct Projection {
    Eigen::Vector3d point_lps;
    double distance_mm;
  };
  Projection nearest(const Eigen::Vector3d& p_lps) const;

 private:
  struct Tree;
  std::vector<Eigen::Vector3d> vertices_;
  std::unique_ptr<Tree> tree_;
};

}  // namespace tmsnav
