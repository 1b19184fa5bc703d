#include "tracking/surface_icp.h"

#include <algorithm>
#include <cmath>

#include "tracking/point_index.h"

namespace tmsnav {

namespace {
struct Pair {
  Eigen::Vector3d p, q, n;  // moved point, surface vertex, its normal
  double distance = 0.0;    // point to the vertex's tangent plane
};

std::vector<Pair> pairUp(const std::vector<Eigen::Vector3d>& points, const Eigen::Isometry3d& t,
                         const PointIndex& index, const std::vector<Eigen::Vector3d>& normals) {
  std::vector<Pair> pairs;
  pairs.reserve(points.size());
  for (const auto& p0 : points) {
    const Eigen::Vector3d p = t * p0;
    const auto hit = index.nearest(p);
    const Eigen::Vector3d& q = index.points()[hit.index];
    const Eigen::Vector3d& n = normals[hit.index];
    pairs.push_back({p, q, n, std::abs((p - q).dot(n))});
  }
  return pairs;
}

double meanDistance(const std::vector<Pair>& pairs) {
  double sum = 0.0;
  for (const auto& pr : pairs) sum += pr.distance;
  return pairs.empty() ? 0.0 : sum / static_cast<double>(pairs.size());
}

// The pairs kept: the trim fraction closest, none beyond max_pair_mm.
std::vector<Pair> inliers(std::vector<Pair> pairs, const SurfaceIcpOptions& o) {
  std::sort(pairs.begin(), pairs.end(),
            [](const Pair& a, const Pair& b) { return a.distance < b.distance; });
  const size_t keep = static_cast<size_t>(std::ceil(o.trim_fraction * pairs.size()));
  pairs.resize(std::min(keep, pairs.size()));
  while (!pairs.empty() && pairs.back().distance > o.max_pair_mm) pairs.pop_back();
  return pairs;
}

// Small-angle point-to-plane step: minimise sum ((p + w x p + t - q) . n)^2 over w, t.
Eigen::Isometry3d step(const std::vector<Pair>& pairs) {
  Eigen::Matrix<double, 6, 6> ata = Eigen::Matrix<double, 6, 6>::Zero();
  Eigen::Matrix<double, 6, 1> atb = Eigen::Matrix<double, 6, 1>::Zero();
  for (const auto& pr : pairs) {
    Eigen::Matrix<double, 6, 1> row;
    row << pr.p.cross(pr.n), pr.n;
    ata += row * row.transpose();
    atb -= row * (pr.p - pr.q).dot(pr.n);
  }
  const Eigen::Matrix<double, 6, 1> x = ata.ldlt().solve(atb);
  Eigen::Isometry3d d = Eigen::Isometry3d::Identity();
  const Eigen::Vector3d w = x.head<3>();
  if (w.norm() > 0) d.linear() = Eigen::AngleAxisd(w.norm(), w.normalized()).toRotationMatrix();
  d.translation() = x.tail<3>();
  return d;
}

double largestMotion(const std::vector<Eigen::Vector3d>& points, const Eigen::Isometry3d& a,
                     const Eigen::Isometry3d& b) {
  double worst = 0.0;
  for (const auto& p : points) worst = std::max(worst, (a * p - b * p).norm());
  return worst;
}
}  // namespace

Result<SurfaceIcpResult> refineOnSurface(const std::vector<Eigen::Vector3d>& points,
                                         const std::vector<Eigen::Vector3d>& surface,
                                         const std::vector<Eigen::Vector3d>& normals,
                                         const Eigen::Isometry3d& initial,
                                         const SurfaceIcpOptions& options) {
  if (points.size() < options.min_points)
    return Error{"surface refinement needs at least " + std::to_string(options.min_points) +
                 " scalp points; got " + std::to_string(points.size())};
  if (surface.empty() || surface.size() != normals.size())
    return Error{"the scalp surface has no points or no normals"};
  for (const auto& p : points)
    if (!p.allFinite()) return Error{"a scalp point is not finite"};
  const PointIndex index(surface);
  SurfaceIcpResult r;
  r.from_to_surface = initial;
  r.mean_before_mm = meanDistance(pairUp(points, initial, index, normals));
  for (r.iterations = 0; r.iterations < options.max_iterations; ++r.iterations) {
    const auto kept = inliers(pairUp(points, r.from_to_surface, index, normals), options);
    if (kept.size() < 6) return Error{"too few scalp points lie near the scalp surface"};
    const Eigen::Isometry3d next = step(kept) * r.from_to_surface;
    const double moved = largestMotion(points, next, r.from_to_surface);
    r.from_to_surface = next;
    if (moved < options.converged_mm) {
      r.converged = true;
      ++r.iterations;
      break;
    }
  }
  const auto all = pairUp(points, r.from_to_surface, index, normals);
  r.mean_after_mm = meanDistance(all);
  const auto kept = inliers(all, options);
  double sum2 = 0.0;
  for (const auto& pr : kept) sum2 += pr.distance * pr.distance;
  r.rms_after_mm = kept.empty() ? 0.0 : std::sqrt(sum2 / static_cast<double>(kept.size()));
  r.inlier_fraction = static_cast<double>(kept.size()) / static_cast<double>(points.size());
  return r;
}

}  // namespace tmsnav
