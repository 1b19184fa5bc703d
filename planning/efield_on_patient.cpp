#include "planning/efield_on_patient.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include <vtkCellArray.h>
#include <vtkDoubleArray.h>
#include <vtkIdList.h>
#include <vtkPointData.h>
#include <vtkPoints.h>

#include "core/coords.h"

namespace tmsnav {

namespace {
constexpr double kUnderCoilSearchMm = 150.0;  // from the coil face to the inner skull
constexpr double kTargetNormalRadiusMm = 3.0;

std::vector<Eigen::Vector3d> meshPoints(vtkPolyData* mesh) {
  std::vector<Eigen::Vector3d> out(mesh->GetNumberOfPoints());
  for (vtkIdType i = 0; i < mesh->GetNumberOfPoints(); ++i) mesh->GetPoint(i, out[i].data());
  return out;
}

std::string fmt(double v, int decimals = 1) {
  std::ostringstream s;
  s.setf(std::ios::fixed);
  s.precision(decimals);
  s << v;
  return s.str();
}
}  // namespace

Result<LocalSphere> fitLocalSphere(const SurfaceIndex& inner_skull,
                                   const Eigen::Isometry3d& coil_to_mri, double fit_radius_mm) {
  if (inner_skull.empty()) return Error{"no inner skull surface"};
  const Eigen::Vector3d origin = coil_to_mri.translation();
  const Eigen::Vector3d axis = coil_to_mri.linear().col(2);
  LocalSphere out;
  if (auto hit = inner_skull.firstHit(origin, axis, kUnderCoilSearchMm)) {
    out.under_coil_lps = *hit;
  } else {
    auto nearest = inner_skull.nearest(origin);
    if (!nearest) return Error{nearest.error()};
    out.under_coil_lps = *nearest;
  }
  std::vector<Eigen::Vector3d> patch;
  for (const auto& p : meshPoints(inner_skull.surface()))
    if ((p - out.under_coil_lps).norm() <= fit_radius_mm) patch.push_back(p);
  auto sphere = efield::fitSphere(patch);
  if (!sphere) return Error{"the inner skull under the coil is too small or flat to fit a sphere"};
  out.sphere = *sphere;
  const double r = sphere->radius_mm;
  if (r < kMinSphereRadiusMm || r > kMaxSphereRadiusMm || sphere->rms_mm > kMaxSphereRmsMm)
    return Error{"the inner skull under the coil fits no head-sized sphere (radius " + fmt(r) +
                 " mm, RMS " + fmt(sphere->rms_mm) + " mm; expected " + fmt(kMinSphereRadiusMm, 0) +
                 "-" + fmt(kMaxSphereRadiusMm, 0) + " mm): check the segmentation"};
  if ((origin - sphere->centre_mm).norm() <= r)
    return Error{
        "the coil lies inside the sphere fitted to the inner skull: the coil pose is "
        "not on this head"};
  return out;
}

CortexField cortexField(vtkPolyData* cortex, const efield::PlacedCoil& coil, double didt_a_per_us,
                        int threads) {
  CortexField f;
  const auto points = meshPoints(cortex);
  f.e_lps = efield::fieldAtPoints(coil, points, didt_a_per_us, threads);
  vtkDataArray* normals = cortex->GetPointData()->GetNormals();
  f.magnitude.resize(points.size());
  f.normal.assign(points.size(), 0.0);
  for (size_t i = 0; i < points.size(); ++i) {
    f.magnitude[i] = f.e_lps[i].norm();
    if (normals) {
      Eigen::Vector3d n;
      normals->GetTuple(static_cast<vtkIdType>(i), n.data());
      if (n.norm() > 0) f.normal[i] = -f.e_lps[i].dot(n.normalized());  // outward normals
    }
  }
  if (points.empty()) return f;
  std::vector<size_t> order(points.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  const size_t k =
      std::min(order.size() - 1, static_cast<size_t>(std::ceil(0.999 * order.size())) - 1);
  std::nth_element(order.begin(), order.begin() + k, order.end(),
                   [&](size_t a, size_t b) { return f.magnitude[a] < f.magnitude[b]; });
  f.peak = f.magnitude[order[k]];
  f.peak_lps = points[order[k]];
  double area_mm2 = 0.0;
  vtkNew<vtkIdList> ids;
  for (vtkIdType c = 0; c < cortex->GetNumberOfCells(); ++c) {
    cortex->GetCellPoints(c, ids);
    if (ids->GetNumberOfIds() != 3) continue;
    const auto a = ids->GetId(0), b = ids->GetId(1), d = ids->GetId(2);
    if ((f.magnitude[a] + f.magnitude[b] + f.magnitude[d]) / 3.0 < 0.5 * f.peak) continue;
    area_mm2 += 0.5 * (points[b] - points[a]).cross(points[d] - points[a]).norm();
  }
  f.half_peak_area_cm2 = area_mm2 / 100.0;
  return f;
}

vtkSmartPointer<vtkPolyData> cortexWithField(vtkPolyData* cortex, const CortexField& f) {
  auto out = vtkSmartPointer<vtkPolyData>::New();
  out->ShallowCopy(cortex);
  // A new point-data object, so the input's own arrays are never changed.
  auto pd = vtkSmartPointer<vtkPointData>::New();
  pd->ShallowCopy(cortex->GetPointData());
  out->GetPointData()->ShallowCopy(pd);
  vtkNew<vtkDoubleArray> mag, normal, vec;
  mag->SetName("E_magnitude_v_per_m");
  normal->SetName("E_normal_v_per_m");
  vec->SetName("E_v_per_m");
  vec->SetNumberOfComponents(3);
  const auto n = static_cast<vtkIdType>(f.magnitude.size());
  mag->SetNumberOfTuples(n);
  normal->SetNumberOfTuples(n);
  vec->SetNumberOfTuples(n);
  for (vtkIdType i = 0; i < n; ++i) {
    mag->SetValue(i, f.magnitude[i]);
    normal->SetValue(i, f.normal[i]);
    vec->SetTuple(i, f.e_lps[i].data());
  }
  out->GetPointData()->AddArray(mag);
  out->GetPointData()->AddArray(normal);
  // The active vectors: writeMeshRas turns them (with the points) from LPS to RAS.
  out->GetPointData()->SetVectors(vec);
  return out;
}

PointField pointField(const efield::PlacedCoil& coil, const Eigen::Vector3d& p,
                      const SurfaceIndex& cortex, double didt_a_per_us) {
  PointField out;
  out.e_lps = efield::fieldAt(coil, p, didt_a_per_us);
  out.magnitude = out.e_lps.norm();
  const Eigen::Vector3d n_out = cortex.normal(p, kTargetNormalRadiusMm);
  if (n_out.allFinite() && n_out.norm() > 0) out.normal = -out.e_lps.dot(n_out.normalized());
  double sum = 0.0;
  if (!cortex.empty())
    for (const auto& v : meshPoints(cortex.surface()))
      if ((v - p).norm() <= kDoseAverageRadiusMm) {
        sum += efield::fieldAt(coil, v, didt_a_per_us).norm();
        ++out.vertices_nearby;
      }
  out.mean_magnitude_nearby = out.vertices_nearby > 0 ? sum / out.vertices_nearby : out.magnitude;
  return out;
}

Result<HandleSweep> sweepHandleAngle(const SurfaceIndex& scalp, const PlannedTarget& target,
                                     const PlanOptions& options, const efield::CoilDipoles& coil,
                                     const Eigen::Vector3d& centre, double didt_a_per_us) {
  std::optional<std::string> failure;
  auto value = [&](double angle_deg) {
    PlanOptions o = options;
    o.handle_angle_rad = radFromDeg(angle_deg);
    auto t = planTargetAt(scalp, target.target_lps, target.entry_lps, o);
    if (!t) {
      failure = t.error();
      return 0.0;
    }
    const auto placed = efield::placeCoil(coil, t->target_to_mri.iso(), centre);
    return efield::fieldAt(placed, target.target_lps, didt_a_per_us).norm();
  };
  // The planned pose's own angle in the planner's convention: its handle against the
  // planner's 0 and 90 degree handles at this entry.
  PlanOptions o = options;
  o.handle_angle_rad = 0.0;
  auto at0 = planTargetAt(scalp, target.target_lps, target.entry_lps, o);
  o.handle_angle_rad = radFromDeg(90.0);
  auto at90 = planTargetAt(scalp, target.target_lps, target.entry_lps, o);
  if (!at0 || !at90) return Error{"cannot plan at the target's entry"};
  const Eigen::Vector3d y = target.target_to_mri.iso().linear().col(1);
  HandleSweep out;
  out.planned_angle_deg = degFromRad(std::atan2(y.dot(at90->target_to_mri.iso().linear().col(1)),
                                                y.dot(at0->target_to_mri.iso().linear().col(1))));
  // Half a turn centred on the planned handle: the other half repeats |E| with the current
  // reversed (efield/angle_sweep.h).
  out.sweep = efield::sweepAngle(value, out.planned_angle_deg - 90.0, out.planned_angle_deg + 90.0);
  if (failure) return Error{*failure};
  out.planned_value = efield::fieldAt(efield::placeCoil(coil, target.target_to_mri.iso(), centre),
                                      target.target_lps, didt_a_per_us)
                          .norm();
  out.gain_pct =
      out.planned_value > 0 ? 100.0 * (out.sweep.best_value / out.planned_value - 1.0) : 0.0;
  return out;
}

EfieldDose efieldDose(double rmt, double e_m1, double e_target, double percent_of_mt) {
  EfieldDose d;
  if (!(e_target > 0) || !(e_m1 > 0)) {
    d.refused = "no field at the target or at M1 (is the coil over the head?)";
    return d;
  }
  d.dose_pct_mso = rmt * e_m1 / e_target * percent_of_mt / 100.0;
  if (d.dose_pct_mso > 100.0)
    d.refused = "E-field dose " + fmt(d.dose_pct_mso) +
                " %MSO is above the stimulator's maximum (100 %MSO): the target gets " +
                fmt(100.0 * e_target / e_m1, 0) +
                " % of M1's field; check the coil position and the target";
  else if (!(d.dose_pct_mso > 0))
    d.refused = "E-field dose " + fmt(d.dose_pct_mso) + " %MSO is not positive";
  return d;
}

}  // namespace tmsnav
