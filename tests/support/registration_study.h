#pragma once
// Simulated patient registrations on a real scalp with a known truth (issue 18): random
// head poses, landmark touches with FLE, a scalp sweep with noise, the landmark fit then
// ICP; observed and predicted target errors. Shared by the accuracy test and the
// benchmark.
#include <memory>
#include <vector>

#include <Eigen/Geometry>

#include "tracking/surface_icp.h"

namespace tmsnav::test {

struct StudySetup {
  std::shared_ptr<const ScalpSurface> scalp;         // MRI frame (LPS)
  std::vector<Eigen::Vector3d> landmarks;            // nasion, lpa, rpa on the scalp (LPS)
  std::vector<Eigen::Vector3d> sweep_pool;           // scalp vertices a sweep may touch
  Eigen::Vector3d target = Eigen::Vector3d::Zero();  // where TRE is measured (LPS)
  double fle_rms_mm = 1.0;                           // landmark touches, 3-D RMS
  double point_noise_rms_mm = 0.5;                   // sweep points, 3-D RMS
  size_t sweep_points = 100;
};

struct StudyResult {
  int trials = 0;
  double landmark_tre_median_mm = 0, landmark_tre_rms_mm = 0, landmark_predicted_rms_mm = 0;
  double icp_tre_median_mm = 0, icp_tre_rms_mm = 0, icp_predicted_rms_mm = 0;
  double fre_rms_mm = 0;
  double converged_fraction = 0, mean_iterations = 0;
};

StudyResult runRegistrationStudy(const StudySetup& setup, int trials, unsigned seed);

// Colin27's scalp (segmented here) with Jurcak's fiducials and the left DLPFC entry of
// the README's plan (the scalp point nearest MNI -38,44,26): Colin27 is in MNI space.
StudySetup colin27Study();

}  // namespace tmsnav::test
