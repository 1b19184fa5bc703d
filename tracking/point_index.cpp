#include "tracking/point_index.h"

#include <cmath>
#include <stdexcept>

#include <nanoflann.hpp>

namespace tmsnav {

namespace {
struct Cloud {
  const std::vector<Eigen::Vector3d>* points;
  size_t kdtree_get_point_count() const { return points->size(); }
  double kdtree_get_pt(size_t i, size_t dim) const { return (*points)[i][static_cast<int>(dim)]; }
  template <class Box>
  bool kdtree_get_bbox(Box&) const {
    return false;
  }
};
using KdTree =
    nanoflann::KDTreeSingleIndexAdaptor<nanoflann::L2_Simple_Adaptor<double, Cloud>, Cloud, 3>;
}  // namespace

struct PointIndex::Tree {
  Cloud cloud;
  KdTree index;
  explicit Tree(const std::vector<Eigen::Vector3d>* p)
      : cloud{p}, index(3, cloud, nanoflann::KDTreeSingleIndexAdaptorParams(16)) {
    index.buildIndex();
  }
};

PointIndex::PointIndex(std::vector<Eigen::Vector3d> points) : points_(std::move(points)) {
  if (points_.empty()) throw std::invalid_argument("PointIndex needs at least one point");
  tree_ = std::make_unique<Tree>(&points_);
}

PointIndex::~PointIndex() = default;

PointIndex::Hit PointIndex::nearest(const Eigen::Vector3d& p) const {
  unsigned int index = 0;  // nanoflann 1.4 (Debian 12) uses its own index type here
  double dist2 = 0;
  tree_->index.knnSearch(p.data(), 1, &index, &dist2);
  return {index, std::sqrt(dist2)};
}

}  // namespace tmsnav
