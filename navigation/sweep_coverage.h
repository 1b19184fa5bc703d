#pragma once
// Where a scalp sweep still lacks points (issue 18: "add points over the left temple").
// ICP pins the head down only along directions the points constrain: a sweep over one side
// lets the head slide on the other. Regions are placed from the landmarks, so the advice
// speaks the patient's anatomy whatever the head's pose in the MRI.
#include <string>
#include <vector>

#include <Eigen/Core>

namespace tmsnav {

struct CoverageRegion {
  std::string name;  // "forehead", "left temple", "right temple", "vertex", "back of the head"
  size_t points = 0;
};

struct SweepCoverage {
  std::vector<CoverageRegion> regions;
  std::vector<std::string> advice;  // "add points over the left temple", ...
};

// points, nasion, lpa, rpa: in one frame (the MRI's, LPS, after the landmark fit).
SweepCoverage sweepCoverage(const std::vector<Eigen::Vector3d>& points,
                            const Eigen::Vector3d& nasion, const Eigen::Vector3d& lpa,
                            const Eigen::Vector3d& rpa, size_t min_points_per_region = 10);

}  // namespace tmsnav
