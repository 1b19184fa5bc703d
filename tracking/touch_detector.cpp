#include "tracking/touch_detector.h"

#include <algorithm>

namespace tmsnav {

Eigen::Vector3d medianPoint(std::vector<Eigen::Vector3d> points) {
  Eigen::Vector3d m = Eigen::Vector3d::Zero();
  if (points.empty()) return m;
  for (int axis = 0; axis < 3; ++axis) {
    auto mid = points.begin() + static_cast<long>(points.size() / 2);
    std::nth_element(
        points.begin(), mid, points.end(),
        [axis](const Eigen::Vector3d& a, const Eigen::Vector3d& b) { return a[axis] < b[axis]; });
    m[axis] = (*mid)[axis];
  }
  return m;
}

// Grows a hold sample by sample while each new sample stays within the radius of the
// hold's mean (constant work per sample, so long recordings stay linear); a hold that
// lasted long enough when it breaks is a touch, and the search goes on after it.
std::vector<Touch> findTouches(const std::vector<TipSample>& samples, const TouchOptions& o) {
  std::vector<Touch> touches;
  std::vector<Eigen::Vector3d> hold;
  Eigen::Vector3d sum = Eigen::Vector3d::Zero();
  double start = 0.0, last = 0.0;
  auto close = [&] {
    if (!hold.empty() && last - start >= o.min_hold_s)
      touches.push_back({start, last, medianPoint(hold), hold.size()});
    hold.clear();
    sum.setZero();
  };
  for (const auto& s : samples) {
    if (!s.tip) {
      close();
      continue;
    }
    if (!hold.empty() && (*s.tip - sum / static_cast<double>(hold.size())).norm() > o.radius_mm)
      close();
    if (hold.empty()) start = s.t_s;
    hold.push_back(*s.tip);
    sum += *s.tip;
    last = s.t_s;
  }
  close();
  return touches;
}

}  // namespace tmsnav
