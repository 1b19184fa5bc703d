#pragma once
// The E-field model (efield/) on a patient: the sphere fitted to the inner skull under the
// coil, the field over the cortex and at a target, the handle-angle sweep at a planned
// position and the E-field dose. The CLI (`tmsnav efield`, `plan --handle-angle-deg
// best-efield`, `dose --method efield`) and the app call this code.
#include <optional>
#include <string>
#include <vector>

#include <vtkPolyData.h>
#include <vtkSmartPointer.h>
#include <Eigen/Geometry>

#include "core/result.h"
#include "efield/angle_sweep.h"
#include "efield/coil_field.h"
#include "efield/sphere_fit.h"
#include "imaging/surface_index.h"
#include "imaging/target_planner.h"

namespace tmsnav {

// The sphere is fitted to the inner-skull vertices within this distance of the point where
// the coil's axis meets the inner skull: the figure-8's field falls to half within about
// 20 mm of its centre, and a 40 mm patch holds the curvature under both wings' inner halves
// while staying on one side of the head (README, "The field under the coil").
inline constexpr double kSphereFitRadiusMm = 40.0;
// A fitted sphere outside these is not a skull: refused, with the figure.
inline constexpr double kMinSphereRadiusMm = 40.0;
inline constexpr double kMaxSphereRadiusMm = 160.0;
inline constexpr double kMaxSphereRmsMm = 4.0;
// |E| for dosing is averaged over cortex vertices within this radius of the target
// (Numssen et al. 2024 average E in a small region of interest).
inline constexpr double kDoseAverageRadiusMm = 5.0;

// The point under the coil and the sphere fitted around it.
struct LocalSphere {
  efield::Sphere sphere;
  Eigen::Vector3d under_coil_lps = Eigen::Vector3d::Zero();
};
Result<LocalSphere> fitLocalSphere(const SurfaceIndex& inner_skull,
                                   const Eigen::Isometry3d& coil_to_mri,
                                   double fit_radius_mm = kSphereFitRadiusMm);

// The field on every cortex vertex and its summary figures.
struct CortexField {
  std::vector<Eigen::Vector3d> e_lps;  // V/m, per vertex
  std::vector<double> magnitude;       // |E|
  std::vector<double> normal;          // E along the inward cortex normal (into the cortex)
  double peak = 0.0;                   // 99.9th percentile of |E| (as SimNIBS reports)
  Eigen::Vector3d peak_lps = Eigen::Vector3d::Zero();  // the vertex at that percentile
  double half_peak_area_cm2 = 0.0;  // triangles whose mean |E| is at least peak / 2
};
CortexField cortexField(vtkPolyData* cortex_lps, const efield::PlacedCoil& coil,
                        double didt_a_per_us, int threads);
// The cortex with point arrays E_magnitude_v_per_m, E_normal_v_per_m, E_v_per_m (a shallow
// copy: the input keeps its arrays).
vtkSmartPointer<vtkPolyData> cortexWithField(vtkPolyData* cortex_lps, const CortexField& f);

// The field at one point, its component along the inward cortex normal there, and |E|
// averaged over cortex vertices within kDoseAverageRadiusMm (the point's own |E| when none).
struct PointField {
  Eigen::Vector3d e_lps = Eigen::Vector3d::Zero();
  double magnitude = 0.0;
  double normal = 0.0;
  double mean_magnitude_nearby = 0.0;
  int vertices_nearby = 0;
};
PointField pointField(const efield::PlacedCoil& coil, const Eigen::Vector3d& p_lps,
                      const SurfaceIndex& cortex, double didt_a_per_us);

// |E| at the target for each handle angle at a target's planned position, the plan's
// angle convention (imaging/target_planner.h), 5 degree steps then refined. options: the
// plan's scalp offset (its handle angle is read from the target's pose).
struct HandleSweep {
  efield::AngleSweep sweep;
  double planned_angle_deg = 0.0;
  double planned_value = 0.0;
  double gain_pct = 0.0;  // best over planned
};
Result<HandleSweep> sweepHandleAngle(const SurfaceIndex& scalp, const PlannedTarget& target,
                                     const PlanOptions& options, const efield::CoilDipoles& coil,
                                     const Eigen::Vector3d& sphere_centre_lps,
                                     double didt_a_per_us);

// I_target = RMT x E_M1 / E_target (x percent_of_mt / 100): the intensity at which the
// target gets the field M1 gets at its resting motor threshold.
struct EfieldDose {
  double dose_pct_mso = 0.0;
  std::optional<std::string> refused;  // above 100 %MSO (with the figure) or not positive
};
EfieldDose efieldDose(double rmt_pct_mso, double e_m1, double e_target, double percent_of_mt);

}  // namespace tmsnav
