#pragma once
// 10-20 positions on the patient's own scalp, measured as the system defines them: as
// fractions of arc lengths along the scalp between the nasion, inion and preauricular
// points. Each arc is the scalp's cut with a plane, traced by casting rays from a point
// inside the head (a head is star-shaped from there) and integrating its length.
#include <map>
#include <string>

#include <vtkPolyData.h>

#include <Eigen/Core>

#include "core/result.h"

namespace tmsnav {

struct ScalpLandmarks {  // LPS mm, on the scalp
  Eigen::Vector3d nasion, inion, lpa, rpa;
};

// Fpz, Fz, Cz, Pz, Oz, T7, C3, C4, T8, Fp1, Fp2, F7, F8, F3, F4 (LPS, on the scalp).
Result<std::map<std::string, Eigen::Vector3d>> tenTwentyPositions(vtkPolyData* scalp_lps,
                                                                  const ScalpLandmarks& landmarks);

// Beam F3 (Beam, Borckardt, Reeves, George 2009, Brain Stimul 2:50-54): F3 from three
// tape measurements. The equations are those of the Beam F3 web calculator, which
// clinicians use; the paper's printed equations differ from it in places (Li 2023
// lists the variants). All distances along the scalp, mm.
struct BeamF3Distances {
  double along_circumference_mm = 0;  // X: from Fpz toward the left ear, on the circumference
  double from_vertex_mm = 0;          // Y: from Cz toward that point
};
BeamF3Distances beamF3Distances(double tragus_tragus_mm, double nasion_inion_mm,
                                double circumference_mm);

// The "adjusted" Beam F3 lengthens Y by 3.5 mm: Mir-Moghtadaei et al. 2015 (Brain Stimul
// 8:965-973) found the arc from the vertex to the MRI-guided DLPFC site 0.35 cm longer on
// average than to Beam F3, with the same angle from the midline.
constexpr double kBeamF3AdjustmentMm = 3.5;

struct BeamF3 {
  double tragus_tragus_mm = 0, nasion_inion_mm = 0, circumference_mm = 0;  // measured
  BeamF3Distances distances;                // X and Y of Beam F3 itself
  double adjustment_mm = 0;                 // added to Y for point_lps: 0, or kBeamF3AdjustmentMm
  Eigen::Vector3d circumference_point_lps;  // the mark at X
  Eigen::Vector3d point_lps;                // F3, on the scalp
};
// Measures the patient's scalp as a technician would with a tape, then applies Beam F3.
Result<BeamF3> beamF3(vtkPolyData* scalp_lps, const ScalpLandmarks& landmarks,
                      double adjustment_mm = 0);

// The 5-cm (5.5-cm ...) rule: from the motor hotspot (projected onto the scalp), this
// many mm anterior along the scalp in the hotspot's parasagittal plane (square to the
// ear-to-ear axis).
Result<Eigen::Vector3d> anteriorAlongScalp(vtkPolyData* scalp_lps, const ScalpLandmarks& landmarks,
                                           const Eigen::Vector3d& hotspot_lps, double distance_mm);

}  // namespace tmsnav
