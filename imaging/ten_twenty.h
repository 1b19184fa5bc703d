#pragma once
// 10-20 positions on the patient's own scalp, measured as the system defines them: as
// fractions of arc lengths along the scalp between the nasion, inion and preauricular
// points. Each arc is the scalp's cut with a plane, traced by casting rays from a point
// inside the head (a head is star-shaped from there) and integrating its length.
#include <map>
#include <string>

#include <vtkPolyData.h>

#include <Eigen/Core>

#include "tracking/result.h"

namespace tmsnav {

struct ScalpLandmarks {  // LPS mm, on the scalp
  Eigen::Vector3d nasion, inion, lpa, rpa;
};

// Fpz, Fz, Cz, Pz, Oz, T7, C3, C4, T8, Fp1, Fp2, F7, F8, F3, F4 (LPS, on the scalp).
Result<std::map<std::string, Eigen::Vector3d>> tenTwentyPositions(vtkPolyData* scalp_lps,
                                                                  const ScalpLandmarks& landmarks);

// The 5-cm (5.5-cm ...) rule: from the motor hotspot (projected onto the scalp), this
// many mm anterior along the scalp in the hotspot's parasagittal plane (square to the
// ear-to-ear axis).
Result<Eigen::Vector3d> anteriorAlongScalp(vtkPolyData* scalp_lps, const ScalpLandmarks& landmarks,
                                           const Eigen::Vector3d& hotspot_lps, double distance_mm);

}  // namespace tmsnav
