#pragma once
// plan.json: the MRI it was made on (path and SHA-256) and the planned targets, in world
// RAS mm at the file edge (LPS inside).
#include <string>
#include <vector>

#include "imaging/target_planner.h"

namespace tmsnav {

struct Plan {
  std::string mri_path;
  std::string mri_sha256;
  double handle_angle_rad = 0.0;
  std::vector<PlannedTarget> targets;
};

std::string planToJson(const Plan& plan);
Result<Plan> readPlan(const std::string& path);

}  // namespace tmsnav
