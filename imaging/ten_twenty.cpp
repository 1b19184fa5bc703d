#include "imaging/ten_twenty.h"

#include "imaging/target_planner.h"

#include <cmath>
#include <vector>

#include <vtkNew.h>
#include <vtkStaticCellLocator.h>

namespace tmsnav {

namespace {
constexpr int kArcSamples = 720;
constexpr double kRayLengthMm = 400.0;

// The scalp traced in one plane, from `from` to `to`, going the way `via` points.
class ScalpArc {
 public:
  // The arc lies in the plane through `from` with this normal; centre is moved into it.
  ScalpArc(vtkStaticCellLocator* tree, Eigen::Vector3d centre, const Eigen::Vector3d& from,
           const Eigen::Vector3d& to, const Eigen::Vector3d& via, Eigen::Vector3d normal) {
    normal.normalize();
    centre -= normal.dot(centre - from) * normal;  // into the plane
    const Eigen::Vector3d e1 = (from - centre).normalized();
    Eigen::Vector3d e2 = normal.cross(e1);
    if (e2.dot(via - centre) < 0) e2 = -e2;  // sweep toward `via`
    const Eigen::Vector3d t = to - centre;
    double end = std::atan2(t.dot(e2), t.dot(e1));
    if (end <= 0) end += 2.0 * M_PI;
    for (int i = 0; i <= kArcSamples; ++i) {
      const double a = end * i / kArcSamples;
      const Eigen::Vector3d dir = std::cos(a) * e1 + std::sin(a) * e2;
      points_.push_back(outermost(tree, centre, dir));
    }
    lengths_.push_back(0.0);
    for (size_t i = 1; i < points_.size(); ++i)
      lengths_.push_back(lengths_.back() + (points_[i] - points_[i - 1]).norm());
  }
  double length() const { return lengths_.back(); }
  // The point at this fraction of the arc's length, or this far along it.
  Eigen::Vector3d at(double fraction) const { return atLength(fraction * length()); }
  Eigen::Vector3d atLength(double s) const {
    size_t i = 1;
    while (i + 1 < lengths_.size() && lengths_[i] < s) ++i;
    const double span = lengths_[i] - lengths_[i - 1];
    const double w = span > 0 ? (s - lengths_[i - 1]) / span : 0.0;
    return (1 - w) * points_[i - 1] + w * points_[i];
  }

 private:
  // The outer scalp along a ray: cast from far outside back toward the centre, so the
  // first surface met is the outermost one.
  static Eigen::Vector3d outermost(vtkStaticCellLocator* tree, const Eigen::Vector3d& c,
                                   const Eigen::Vector3d& dir) {
    Eigen::Vector3d outside = c + kRayLengthMm * dir;
    double t = 0, x[3], pcoords[3];
    int sub_id = 0;
    if (!tree->IntersectWithLine(outside.data(), c.data(), 1e-6, t, x, pcoords, sub_id)) return c;
    return Eigen::Vector3d(x[0], x[1], x[2]);
  }
  std::vector<Eigen::Vector3d> points_;
  std::vector<double> lengths_;
};
Eigen::Vector3d planeNormal(const Eigen::Vector3d& a, const Eigen::Vector3d& b,
                            const Eigen::Vector3d& c) {
  return (b - a).cross(c - a);
}
}  // namespace

Result<Eigen::Vector3d> anteriorAlongScalp(vtkPolyData* scalp, const ScalpLandmarks& lm,
                                           const Eigen::Vector3d& hotspot, double distance_mm) {
  if (!scalp || scalp->GetNumberOfCells() == 0) return Error{"no scalp surface"};
  if (!(distance_mm > 0 && distance_mm < 150))
    return Error{"the distance must be between 0 and 150 mm"};
  auto projected = nearestScalpPoint(scalp, hotspot);
  if (!projected) return Error{projected.error()};
  const Eigen::Vector3d h = *projected;
  vtkNew<vtkStaticCellLocator> tree;
  tree->SetDataSet(scalp);
  tree->BuildLocator();
  const Eigen::Vector3d ears = (lm.rpa - lm.lpa).normalized();
  // Toward the front: the nasion, moved into the hotspot's parasagittal plane.
  const Eigen::Vector3d front = lm.nasion - ears.dot(lm.nasion - h) * ears;
  const ScalpArc arc(tree, 0.5 * (lm.lpa + lm.rpa), h, front, front, ears);
  if (arc.length() < distance_mm)
    return Error{"the scalp in front of the hotspot is shorter than the distance"};
  return arc.atLength(distance_mm);
}

Result<std::map<std::string, Eigen::Vector3d>> tenTwentyPositions(vtkPolyData* scalp,
                                                                  const ScalpLandmarks& lm) {
  if (!scalp || scalp->GetNumberOfCells() == 0) return Error{"no scalp surface"};
  if ((lm.lpa - lm.rpa).norm() < 50.0 || (lm.nasion - lm.inion).norm() < 50.0)
    return Error{"scalp landmarks are implausibly close together"};
  vtkNew<vtkStaticCellLocator> tree;
  tree->SetDataSet(scalp);
  tree->BuildLocator();
  const Eigen::Vector3d superior(0, 0, 1);  // LPS +z
  const Eigen::Vector3d ear_centre = 0.5 * (lm.lpa + lm.rpa);
  std::map<std::string, Eigen::Vector3d> p;

  // Midline: nasion over the vertex to the inion.
  // The mid-sagittal plane: through nasion and inion, square to the ear-to-ear axis (the
  // ear midpoint is nearly in line with nasion and inion, so it cannot define the plane).
  const Eigen::Vector3d nasion_to_inion = (lm.inion - lm.nasion).normalized();
  const Eigen::Vector3d ears = lm.rpa - lm.lpa;
  const Eigen::Vector3d sagittal_normal = ears - ears.dot(nasion_to_inion) * nasion_to_inion;
  const ScalpArc midline(tree, ear_centre, lm.nasion, lm.inion, ear_centre + 100.0 * superior,
                         sagittal_normal);
  p["Fpz"] = midline.at(0.1), p["Fz"] = midline.at(0.3), p["Cz"] = midline.at(0.5);
  p["Pz"] = midline.at(0.7), p["Oz"] = midline.at(0.9);
  // Coronal: left preauricular over Cz to the right one.
  const ScalpArc coronal(tree, ear_centre, lm.lpa, lm.rpa, p["Cz"],
                         planeNormal(lm.lpa, lm.rpa, p["Cz"]));
  p["T7"] = coronal.at(0.1), p["C3"] = coronal.at(0.3), p["C4"] = coronal.at(0.7),
  p["T8"] = coronal.at(0.9);
  // Circumference through Fpz, T7 and T8: Fp1/Fp2 at 10 %, F7/F8 at 30 % of each half
  // from Fpz to Oz, i.e. 20 % and 60 % of the quarter from Fpz to T7 (T8).
  const Eigen::Vector3d ring_centre = (p["Fpz"] + p["T7"] + p["T8"]) / 3.0;
  const Eigen::Vector3d ring = planeNormal(p["Fpz"], p["T7"], p["T8"]);
  const ScalpArc left(tree, ring_centre, p["Fpz"], p["T7"], p["T7"], ring);
  const ScalpArc right(tree, ring_centre, p["Fpz"], p["T8"], p["T8"], ring);
  p["Fp1"] = left.at(0.2), p["F7"] = left.at(0.6), p["Fp2"] = right.at(0.2),
  p["F8"] = right.at(0.6);
  // F3 (F4): halfway along the scalp from F7 (F8) to Fz, on the arc F7-Fz-F8.
  const Eigen::Vector3d f_centre = 0.5 * (p["F7"] + p["F8"]) - 30.0 * superior;
  const Eigen::Vector3d f_line = planeNormal(p["F7"], p["Fz"], p["F8"]);
  const ScalpArc f_left(tree, f_centre, p["F7"], p["Fz"], p["Fz"], f_line);
  const ScalpArc f_right(tree, f_centre, p["F8"], p["Fz"], p["Fz"], f_line);
  p["F3"] = f_left.at(0.5), p["F4"] = f_right.at(0.5);
  return p;
}

}  // namespace tmsnav
