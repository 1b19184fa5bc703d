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
    // from == to is the full loop: atan2 of the rounding residue would be +-0 or tiny.
    if (end <= 0 || (to - from).norm() < 1e-6) end += 2.0 * M_PI;
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
  auto projected = SurfaceIndex(scalp).nearest(hotspot);
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

namespace {
// The tape measurements of a head and its 10-20 positions, all along the scalp.
struct HeadMeasures {
  std::map<std::string, Eigen::Vector3d> positions;
  double nasion_inion_mm = 0, tragus_tragus_mm = 0;
  Eigen::Vector3d ring_centre, ring_normal, ear_centre;
};

Result<HeadMeasures> measureHead(vtkPolyData* scalp, vtkStaticCellLocator* tree,
                                 const ScalpLandmarks& lm) {
  if (!scalp || scalp->GetNumberOfCells() == 0) return Error{"no scalp surface"};
  if ((lm.lpa - lm.rpa).norm() < 50.0 || (lm.nasion - lm.inion).norm() < 50.0)
    return Error{"scalp landmarks are implausibly close together"};
  HeadMeasures m;
  auto& p = m.positions;
  const Eigen::Vector3d superior(0, 0, 1);  // LPS +z
  m.ear_centre = 0.5 * (lm.lpa + lm.rpa);
  // Midline: nasion over the vertex to the inion. The mid-sagittal plane goes through
  // nasion and inion, square to the ear-to-ear axis (the ear midpoint is nearly in line
  // with nasion and inion, so it cannot define the plane).
  const Eigen::Vector3d nasion_to_inion = (lm.inion - lm.nasion).normalized();
  const Eigen::Vector3d ears = lm.rpa - lm.lpa;
  const Eigen::Vector3d sagittal_normal = ears - ears.dot(nasion_to_inion) * nasion_to_inion;
  const ScalpArc midline(tree, m.ear_centre, lm.nasion, lm.inion, m.ear_centre + 100.0 * superior,
                         sagittal_normal);
  m.nasion_inion_mm = midline.length();
  p["Fpz"] = midline.at(0.1), p["Fz"] = midline.at(0.3), p["Cz"] = midline.at(0.5);
  p["Pz"] = midline.at(0.7), p["Oz"] = midline.at(0.9);
  // Coronal: left preauricular over Cz to the right one.
  const ScalpArc coronal(tree, m.ear_centre, lm.lpa, lm.rpa, p["Cz"],
                         planeNormal(lm.lpa, lm.rpa, p["Cz"]));
  m.tragus_tragus_mm = coronal.length();
  p["T7"] = coronal.at(0.1), p["C3"] = coronal.at(0.3), p["C4"] = coronal.at(0.7),
  p["T8"] = coronal.at(0.9);
  // Circumference through Fpz, T7 and T8: Fp1/Fp2 at 10 %, F7/F8 at 30 % of each half
  // from Fpz to Oz, i.e. 20 % and 60 % of the quarter from Fpz to T7 (T8).
  m.ring_centre = (p["Fpz"] + p["T7"] + p["T8"]) / 3.0;
  m.ring_normal = planeNormal(p["Fpz"], p["T7"], p["T8"]);
  const ScalpArc left(tree, m.ring_centre, p["Fpz"], p["T7"], p["T7"], m.ring_normal);
  const ScalpArc right(tree, m.ring_centre, p["Fpz"], p["T8"], p["T8"], m.ring_normal);
  p["Fp1"] = left.at(0.2), p["F7"] = left.at(0.6), p["Fp2"] = right.at(0.2),
  p["F8"] = right.at(0.6);
  // F3 (F4): halfway along the scalp from F7 (F8) to Fz, on the arc F7-Fz-F8.
  const Eigen::Vector3d f_centre = 0.5 * (p["F7"] + p["F8"]) - 30.0 * superior;
  const Eigen::Vector3d f_line = planeNormal(p["F7"], p["Fz"], p["F8"]);
  const ScalpArc f_left(tree, f_centre, p["F7"], p["Fz"], p["Fz"], f_line);
  const ScalpArc f_right(tree, f_centre, p["F8"], p["Fz"], p["Fz"], f_line);
  p["F3"] = f_left.at(0.5), p["F4"] = f_right.at(0.5);
  return m;
}

vtkSmartPointer<vtkStaticCellLocator> locatorFor(vtkPolyData* scalp) {
  auto tree = vtkSmartPointer<vtkStaticCellLocator>::New();
  tree->SetDataSet(scalp);
  tree->BuildLocator();
  return tree;
}
}  // namespace

Result<std::map<std::string, Eigen::Vector3d>> tenTwentyPositions(vtkPolyData* scalp,
                                                                  const ScalpLandmarks& lm) {
  if (!scalp || scalp->GetNumberOfCells() == 0) return Error{"no scalp surface"};
  auto m = measureHead(scalp, locatorFor(scalp), lm);
  if (!m) return Error{m.error()};
  return m->positions;
}

BeamF3Distances beamF3Distances(double tragus_tragus_mm, double nasion_inion_mm,
                                double circumference_mm) {
  // Flat map centred on the vertex, distances as arcs: Fpz lies 40 % of nasion-inion in
  // front of Cz, T7 40 % of tragus-tragus to its side. The Beam F3 calculator intersects
  // its two construction lines there (angles 324 and 298 degrees, as its web form
  // computes them) and reads off the point's bearing from the midline and its distance
  // from Cz, shortened by 9 %.
  const double r_ni = 0.4 * nasion_inion_mm, r_tt = 0.4 * tragus_tragus_mm;
  const double deg = M_PI / 180.0;
  const double slope_a = (r_tt * std::sin(324 * deg) + r_ni / 2) / r_tt;
  const double slope_b = r_ni * std::sin(298 * deg) / (r_ni * std::cos(298 * deg) - r_tt / 2);
  const double x = 0.5 * (r_ni - r_tt * slope_b) / (slope_a - slope_b);
  const double y = slope_a * x - r_ni / 2;
  const double bearing_deg = std::atan(y / x) / deg;
  BeamF3Distances d;
  d.along_circumference_mm = circumference_mm / 4.0 * (90.0 + bearing_deg) / 90.0;
  d.from_vertex_mm = 0.91 * std::hypot(x, y);
  return d;
}

Result<BeamF3> beamF3(vtkPolyData* scalp, const ScalpLandmarks& lm, double adjustment_mm) {
  if (!scalp || scalp->GetNumberOfCells() == 0) return Error{"no scalp surface"};
  auto tree = locatorFor(scalp);
  auto m = measureHead(scalp, tree, lm);
  if (!m) return Error{m.error()};
  // The whole circumference, from Fpz toward the left ear (T7) and round.
  const auto& p = m->positions;
  const ScalpArc ring(tree, m->ring_centre, p.at("Fpz"), p.at("Fpz"), p.at("T7"), m->ring_normal);
  BeamF3 b;
  b.nasion_inion_mm = m->nasion_inion_mm;
  b.tragus_tragus_mm = m->tragus_tragus_mm;
  b.circumference_mm = ring.length();
  b.distances = beamF3Distances(b.tragus_tragus_mm, b.nasion_inion_mm, b.circumference_mm);
  b.adjustment_mm = adjustment_mm;
  if (!std::isfinite(b.distances.along_circumference_mm) ||
      !std::isfinite(b.distances.from_vertex_mm) || b.distances.along_circumference_mm <= 0 ||
      b.distances.from_vertex_mm <= 0)
    return Error{"Beam F3 is undefined for these head measurements"};
  // Point A: that far from Fpz along the circumference.
  b.circumference_point_lps = ring.atLength(b.distances.along_circumference_mm);
  // F3: from the vertex toward A, that far along the scalp.
  const ScalpArc to_a(tree, m->ear_centre, p.at("Cz"), b.circumference_point_lps,
                      b.circumference_point_lps,
                      planeNormal(p.at("Cz"), b.circumference_point_lps, m->ear_centre));
  const double y_mm = b.distances.from_vertex_mm + adjustment_mm;
  if (!std::isfinite(adjustment_mm) || to_a.length() < y_mm)
    return Error{"Beam F3 lies beyond the measured circumference point"};
  b.point_lps = to_a.atLength(y_mm);
  return b;
}

}  // namespace tmsnav
