#include "imaging/mesh_decimation.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

#include <vtkCellArray.h>
#include <vtkIdList.h>
#include <vtkNew.h>
#include <vtkPoints.h>
#include <Eigen/Core>

namespace tmsnav {

namespace {
// A symmetric 4x4 quadric by its 10 distinct entries: xx xy xz xw yy yz yw zz zw ww.
// Half the memory and arithmetic of a full matrix; the placement is solved by cofactors.
struct Quadric {
  std::array<double, 10> q{};
  static Quadric ofPlane(const Eigen::Vector4d& p) {
    return {{p[0] * p[0], p[0] * p[1], p[0] * p[2], p[0] * p[3], p[1] * p[1], p[1] * p[2],
             p[1] * p[3], p[2] * p[2], p[2] * p[3], p[3] * p[3]}};
  }
  Quadric& operator+=(const Quadric& o) {
    for (int i = 0; i < 10; ++i) q[i] += o.q[i];
    return *this;
  }
  Quadric operator+(const Quadric& o) const { return Quadric(*this) += o; }
  double at(const Eigen::Vector3d& p) const {
    const double x = p.x(), y = p.y(), z = p.z();
    return x * (q[0] * x + 2 * (q[1] * y + q[2] * z + q[3])) +
           y * (q[4] * y + 2 * (q[5] * z + q[6])) + z * (q[7] * z + 2 * q[8]) + q[9];
  }
  // The minimum, when the 3x3 part's determinant exceeds min_det in magnitude.
  bool minimum(double min_det, Eigen::Vector3d& x) const {
    const double a = q[0], b = q[1], c = q[2], e = q[4], f = q[5], h = q[7];
    const double c00 = e * h - f * f, c01 = c * f - b * h, c02 = b * f - c * e;
    const double det = a * c00 + b * c01 + c * c02;
    if (!(std::abs(det) > min_det)) return false;
    const double c11 = a * h - c * c, c12 = b * c - a * f, c22 = a * e - b * b;
    const double r0 = -q[3], r1 = -q[6], r2 = -q[8];
    x = Eigen::Vector3d(c00 * r0 + c01 * r1 + c02 * r2, c01 * r0 + c11 * r1 + c12 * r2,
                        c02 * r0 + c12 * r1 + c22 * r2) /
        det;
    return true;
  }
};
using Triangle = std::array<int, 3>;
// A collapse may turn a triangle's normal by at most about 37 degrees (cosine 0.8): 0.5
// (60 degrees) kept 0.1 percentage point fewer coil-axis rays within 1 mm of the exact
// contour on Colin27.
constexpr double kMinNormalCos = 0.8;
// Below this the planes around an edge are nearly parallel: no unique minimum.
constexpr double kMinDeterminant = 1e-6;
constexpr int kMaxPasses = 200;
constexpr double kFirstThreshold = 1e-9;  // mm^2, times (pass + 3)^kThresholdPower
constexpr double kThresholdPower = 7.0;

class Decimator {
 public:
  explicit Decimator(vtkPolyData* mesh) { read(mesh); }

  // Passes over every triangle with a rising error threshold (after Forstmann's "fast
  // quadric mesh simplification"); a vertex moved in a pass waits for the next, so
  // collapses spread evenly. A global heap, cheapest collapse first, was measured no
  // closer to the exact contour on Colin27 and seg3d, and 2-3 times slower (cache misses).
  void run(const DecimationOptions& o) {
    edge_cost_.resize(tris_.size());
    min_cost_.resize(tris_.size());
    for (size_t t = 0; t < tris_.size(); ++t) updateCosts(static_cast<int>(t));
    for (int pass = 0; pass < kMaxPasses && alive_tris_ > o.target_triangles; ++pass) {
      const double threshold = kFirstThreshold * std::pow(pass + 3.0, kThresholdPower);
      if (threshold > o.max_cost_mm2) break;
      std::fill(moved_.begin(), moved_.end(), false);
      for (size_t t = 0; t < tris_.size() && alive_tris_ > o.target_triangles; ++t) {
        if (!tri_alive_[t] || min_cost_[t] > threshold) continue;
        for (int k = 0; k < 3; ++k) {
          const int a = tris_[t][k], b = tris_[t][(k + 1) % 3];
          if (edge_cost_[t][k] > threshold || moved_[a] || moved_[b]) continue;
          if (collapse(a, b)) break;
        }
      }
    }
  }

  vtkSmartPointer<vtkPolyData> result() const {
    std::vector<vtkIdType> index(pos_.size(), -1);
    vtkNew<vtkPoints> points;
    points->SetDataTypeToDouble();
    vtkNew<vtkCellArray> polys;
    for (size_t t = 0; t < tris_.size(); ++t) {
      if (!tri_alive_[t]) continue;
      vtkIdType ids[3];
      for (int k = 0; k < 3; ++k) {
        const int v = tris_[t][k];
        if (index[v] < 0) index[v] = points->InsertNextPoint(pos_[v].data());
        ids[k] = index[v];
      }
      polys->InsertNextCell(3, ids);
    }
    auto out = vtkSmartPointer<vtkPolyData>::New();
    out->SetPoints(points);
    out->SetPolys(polys);
    return out;
  }

 private:
  void read(vtkPolyData* mesh) {
    const vtkIdType n = mesh->GetNumberOfPoints();
    pos_.resize(n);
    for (vtkIdType i = 0; i < n; ++i) mesh->GetPoint(i, pos_[i].data());
    quadric_.assign(n, Quadric{});
    moved_.assign(n, false);
    mark_.assign(n, 0);
    faces_.resize(n);
    vtkCellArray* polys = mesh->GetPolys();
    vtkNew<vtkIdList> ids;
    for (vtkIdType c = 0; c < polys->GetNumberOfCells(); ++c) {
      polys->GetCellAtId(c, ids);
      if (ids->GetNumberOfIds() != 3) continue;
      const Triangle t{int(ids->GetId(0)), int(ids->GetId(1)), int(ids->GetId(2))};
      const int index = static_cast<int>(tris_.size());
      tris_.push_back(t);
      tri_alive_.push_back(true);
      for (int v : t) faces_[v].push_back(index);
      const Eigen::Vector3d nrm = normal(pos_[t[0]], pos_[t[1]], pos_[t[2]]);
      if (!nrm.allFinite()) continue;
      const Eigen::Vector4d plane(nrm.x(), nrm.y(), nrm.z(), -nrm.dot(pos_[t[0]]));
      const Quadric q = Quadric::ofPlane(plane);
      for (int v : t) quadric_[v] += q;
    }
    alive_tris_ = static_cast<long>(tris_.size());
  }

  static Eigen::Vector3d normal(const Eigen::Vector3d& p0, const Eigen::Vector3d& p1,
                                const Eigen::Vector3d& p2) {
    return (p1 - p0).cross(p2 - p0).normalized();
  }

  static double cost(const Quadric& q, const Eigen::Vector3d& p) { return std::max(0.0, q.at(p)); }

  // The quadric's minimum when it is well defined and near the edge, else the best of the
  // ends and the midpoint: a flat patch has no unique minimum.
  Eigen::Vector3d placement(const Quadric& q, int a, int b) const {
    const Eigen::Vector3d mid = 0.5 * (pos_[a] + pos_[b]);
    Eigen::Vector3d x;
    if (q.minimum(kMinDeterminant, x) &&
        (x - mid).squaredNorm() <= (pos_[a] - pos_[b]).squaredNorm())
      return x;
    Eigen::Vector3d best = mid;
    double best_cost = cost(q, mid);
    for (const Eigen::Vector3d& p : {pos_[a], pos_[b]})
      if (const double c = cost(q, p); c < best_cost) best = p, best_cost = c;
    return best;
  }

  double edgeCost(int a, int b) const {
    const Quadric q = quadric_[a] + quadric_[b];
    return cost(q, placement(q, a, b));
  }

  void updateCosts(int t) {
    for (int k = 0; k < 3; ++k) edge_cost_[t][k] = edgeCost(tris_[t][k], tris_[t][(k + 1) % 3]);
    min_cost_[t] = std::min({edge_cost_[t][0], edge_cost_[t][1], edge_cost_[t][2]});
  }

  // Link condition: on a closed manifold, the edge's ends may share exactly the two
  // vertices opposite the edge. More would pinch the surface (two sheets merged). Rings are
  // compared by stamping a's ring: sorting them per collapse was a fifth of the time.
  bool linkHolds(int a, int b) {
    int shared_tris = 0;
    for (int t : faces_[a])
      if (std::find(tris_[t].begin(), tris_[t].end(), b) != tris_[t].end()) ++shared_tris;
    if (shared_tris != 2) return false;
    const int in_a = ++stamp_, counted = ++stamp_;
    int ring_a = 0, ring_b = 0, common = 0;
    for (int t : faces_[a])
      for (int u : tris_[t])
        if (u != a && mark_[u] != in_a) mark_[u] = in_a, ++ring_a;
    for (int t : faces_[b])
      for (int u : tris_[t]) {
        if (u == b || mark_[u] == counted) continue;
        common += mark_[u] == in_a;
        mark_[u] = counted, ++ring_b;  // u leaves a's ring once counted
      }
    return common == 2 && ring_a > 3 && ring_b > 3;
  }

  bool flips(int v, int other, const Eigen::Vector3d& p) const {
    for (int t : faces_[v]) {
      const Triangle& tri = tris_[t];
      if (std::find(tri.begin(), tri.end(), other) != tri.end()) continue;  // removed
      std::array<Eigen::Vector3d, 3> q;
      for (int k = 0; k < 3; ++k) q[k] = tri[k] == v ? p : pos_[tri[k]];
      const Eigen::Vector3d before = normal(pos_[tri[0]], pos_[tri[1]], pos_[tri[2]]);
      const Eigen::Vector3d after = normal(q[0], q[1], q[2]);
      if (!after.allFinite() || before.dot(after) < kMinNormalCos) return true;
    }
    return false;
  }

  bool collapse(int a, int b) {
    const Quadric q = quadric_[a] + quadric_[b];
    const Eigen::Vector3d position = placement(q, a, b);
    if (!linkHolds(a, b) || flips(a, b, position) || flips(b, a, position)) return false;
    for (int t : faces_[b]) {
      Triangle& tri = tris_[t];
      if (std::find(tri.begin(), tri.end(), a) != tri.end()) {
        tri_alive_[t] = false;
        --alive_tris_;
        for (int u : tri)
          if (u != a && u != b) std::erase(faces_[u], t);
        continue;
      }
      std::replace(tri.begin(), tri.end(), b, a);
      faces_[a].push_back(t);
    }
    auto& fa = faces_[a];
    fa.erase(std::remove_if(fa.begin(), fa.end(), [&](int t) { return !tri_alive_[t]; }), fa.end());
    faces_[b].clear();
    pos_[a] = position;
    quadric_[a] = q;
    moved_[a] = true;
    for (int t : faces_[a]) updateCosts(t);
    return true;
  }

  std::vector<Eigen::Vector3d> pos_;
  std::vector<Quadric> quadric_;
  std::vector<char> moved_;  // in this pass
  std::vector<std::vector<int>> faces_;
  std::vector<Triangle> tris_;
  std::vector<char> tri_alive_;
  std::vector<std::array<double, 3>> edge_cost_;
  std::vector<double> min_cost_;  // of the triangle's three edges: most are skipped by it
  std::vector<int> mark_;         // per vertex: the stamp of the ring it was last seen in
  int stamp_ = 0;
  long alive_tris_ = 0;
};
}  // namespace

vtkSmartPointer<vtkPolyData> decimated(vtkPolyData* triangles, const DecimationOptions& options) {
  Decimator d(triangles);
  d.run(options);
  return d.result();
}

}  // namespace tmsnav
