#pragma once
// plan.json: the MRI it was made on (path and SHA-256) and the planned targets, in world
// RAS mm at the file edge (LPS inside).
#include <string>
#include <vector>

#include <map>
#include <optional>

#include <nlohmann/json.hpp>

#include "imaging/mni_registration.h"
#include "imaging/target_planner.h"
#include "imaging/ten_twenty.h"

namespace tmsnav {

struct Plan {
  std::string mri_path;
  std::string mri_sha256;
  double handle_angle_rad = 0.0;
  double scalp_offset_mm = 0.0;
  bool entry_along_cortex_normal = false;
  std::optional<BeamF3> beam_f3;  // the head measurements behind a beam-f3 target
  std::vector<PlannedTarget> targets;
  std::optional<MniRegistration> registration;
  std::map<std::string, Eigen::Vector3d> landmarks_lps;   // nasion, inion, lpa, rpa on the scalp
  std::map<std::string, Eigen::Vector3d> ten_twenty_lps;  // 10-20 positions, when asked for
  std::map<std::string, double> seconds;
};

std::string planToJson(const Plan& plan);
// The Beam F3 tape measurements and distances, as plan.json and the app's state give them.
nlohmann::json beamF3Json(const BeamF3& b);
Result<Plan> readPlan(const std::string& path);

}  // namespace tmsnav
