#include "tracking/surface_icp.h"

#include <algorithm>
#include <cmath>
#include <limits>

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

double rmsDistance(const std::vector<Pair>& pairs) {
  double sum2 = 0.0;
  for (const auto& pr : pairs) sum2 += pr.distance * pr.distance;
  return pairs.empty() ? 0.0 : std::sqrt(sum2 / static_cast<double>(pairs.size()));
}

// Mean distance of the points near the surface (a pointer lifted off the head is not a
// scalp point; the inlier fraction says how many were left out).
double meanDistance(const std::vector<Pair>& pairs, double max_mm) {
  double sum = 0.0;
  size_t n = 0;
  for (const auto& pr : pairs)
    if (pr.distance <= max_mm) sum += pr.distance, ++n;
  return n == 0 ? 0.0 : sum / static_cast<double>(n);
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

using Matrix6 = Eigen::Matrix<double, 6, 6>;

Eigen::Matrix<double, 6, 1> rowOf(const Pair& pr) {
  Eigen::Matrix<double, 6, 1> row;
  row << pr.p.cross(pr.n), pr.n;
  return row;
}

Matrix6 normalMatrix(const std::vector<Pair>& pairs) {
  Matrix6 ata = Matrix6::Zero();
  for (const auto& pr : pairs) ata += rowOf(pr) * rowOf(pr).transpose();
  return ata;
}

// Small-angle point-to-plane step: minimise sum ((p + w x p + t - q) . n)^2 over w, t.
Eigen::Isometry3d step(const std::vector<Pair>& pairs) {
  const Matrix6 ata = normalMatrix(pairs);
  Eigen::Matrix<double, 6, 1> atb = Eigen::Matrix<double, 6, 1>::Zero();
  for (const auto& pr : pairs) atb -= rowOf(pr) * (pr.p - pr.q).dot(pr.n);
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

Result<std::shared_ptr<const ScalpSurface>> ScalpSurface::make(
    std::vector<Eigen::Vector3d> vertices, std::vector<Eigen::Vector3d> normals) {
  if (vertices.empty() || vertices.size() != normals.size())
    return Error{"the scalp surface has no points or no normals"};
  std::shared_ptr<ScalpSurface> s(new ScalpSurface());
  s->index_ = std::make_unique<PointIndex>(std::move(vertices));
  s->normals_ = std::move(normals);
  return std::shared_ptr<const ScalpSurface>(std::move(s));
}

Result<SurfaceIcpResult> refineOnSurface(const std::vector<Eigen::Vector3d>& points,
                                         const ScalpSurface& surface,
                                         const Eigen::Isometry3d& initial,
                                         const SurfaceIcpOptions& options) {
  if (points.size() < options.min_points)
    return Error{"surface refinement needs at least " + std::to_string(options.min_points) +
                 " scalp points; got " + std::to_string(points.size())};
  for (const auto& p : points)
    if (!p.allFinite()) return Error{"a scalp point is not finite"};
  const PointIndex& index = surface.index();
  const auto& normals = surface.normals();
  SurfaceIcpResult r;
  r.from_to_surface = initial;
  r.mean_before_mm = meanDistance(pairUp(points, initial, index, normals), options.max_pair_mm);
  constexpr double kImprovement = 1e-3;  // relative
  constexpr int kStalledSteps = 5;
  int stalled = 0;
  double best_rms = std::numeric_limits<double>::infinity();
  for (r.iterations = 0; r.iterations < options.max_iterations; ++r.iterations) {
    const auto kept = inliers(pairUp(points, r.from_to_surface, index, normals), options);
    if (kept.size() < 6) return Error{"too few scalp points lie near the scalp surface"};
    const Eigen::Isometry3d next = step(kept) * r.from_to_surface;
    const double moved = largestMotion(points, next, r.from_to_surface);
    r.from_to_surface = next;
    // Converged: the points stopped moving, or the fit stopped improving (trimming keeps
    // trading a few pairs back and forth at the noise floor).
    const double fit_rms = rmsDistance(kept);
    stalled = fit_rms < best_rms * (1.0 - kImprovement) ? 0 : stalled + 1;
    best_rms = std::min(best_rms, fit_rms);
    if (moved < options.converged_mm || stalled >= kStalledSteps) {
      r.converged = true;
      ++r.iterations;
      break;
    }
  }
  const auto all = pairUp(points, r.from_to_surface, index, normals);
  r.mean_after_mm = meanDistance(all, options.max_pair_mm);
  const auto kept = inliers(all, options);
  double sum2 = 0.0;
  for (const auto& pr : kept) sum2 += pr.distance * pr.distance;
  r.rms_after_mm = kept.empty() ? 0.0 : std::sqrt(sum2 / static_cast<double>(kept.size()));
  r.inlier_fraction = static_cast<double>(kept.size()) / static_cast<double>(points.size());
  // The residual variance over every pair that belongs to the surface, not only the
  // trimmed ones (trimming drops the largest residuals and would make the fit look surer
  // than it is); a point beyond 6 median distances (4 sigma of a normal residual) is a
  // pointer lifted off the head, not noise.
  constexpr double kLiftedMedians = 6.0;
  std::vector<double> d;
  for (const auto& pr : all) d.push_back(pr.distance);
  std::nth_element(d.begin(), d.begin() + static_cast<long>(d.size() / 2), d.end());
  const double limit = std::min(options.max_pair_mm, kLiftedMedians * d[d.size() / 2]);
  double all2 = 0.0;
  size_t near = 0;
  for (const auto& pr : all)
    if (pr.distance <= limit) all2 += pr.distance * pr.distance, ++near;
  if (kept.size() > 6 && near > 6) {
    const double variance = all2 / static_cast<double>(near - 6);
    r.covariance = variance * normalMatrix(kept).inverse();
  }
  return r;
}

double predictedTreMm(const SurfaceIcpResult& fit, const Eigen::Vector3d& x) {
  // A small motion (w, t) moves x by w x x + t = [-[x]x  I] (w, t).
  Eigen::Matrix<double, 3, 6> j;
  j.leftCols<3>() << 0, x.z(), -x.y(), -x.z(), 0, x.x(), x.y(), -x.x(), 0;
  j.rightCols<3>().setIdentity();
  return std::sqrt((j * fit.covariance * j.transpose()).trace());
}

}  // namespace tmsnav
