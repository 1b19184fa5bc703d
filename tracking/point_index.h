#pragma once
// Nearest of a fixed set of points (e.g. the scalp's vertices handed to registration): a
// k-d tree (nanoflann, header-only), built once, queried many times.
#include <memory>
#include <vector>

#include <Eigen/Core>

namespace tmsnav {

class PointIndex {
 public:
  explicit PointIndex(std::vector<Eigen::Vector3d> points);  // must not be empty
  ~PointIndex();
  PointIndex(const PointIndex&) = delete;
  PointIndex& operator=(const PointIndex&) = delete;

  struct Hit {
    size_t index = 0;
    double distance_mm = 0.0;
  };
  Hit nearest(const Eigen::Vector3d& p) const;
  const std::vector<Eigen::Vector3d>& points() const { return points_; }

 private:
  struct Tree;
  std::vector<Eigen::Vector3d> points_;
  std::unique_ptr<Tree> tree_;
};

}  // namespace tmsnav
