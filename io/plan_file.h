#pragma once
// plan.json: the MRI it was made on (path and SHA-256) and the planned targets, in world
// RAS mm at the file edge (LPS inside).
#include <string>

#include <nlohmann/json.hpp>

#include "planning/plan.h"

namespace tmsnav {

// The MRI a plan is made on: its absolute path and SHA-256 (patient identity).
Result<Done> identifyMri(Plan& plan, const std::string& mri_path);

std::string planToJson(const Plan& plan);
// The Beam F3 tape measurements and distances, as plan.json and the app's state give them.
nlohmann::json beamF3Json(const BeamF3& b);
// One planned target as plan.json and the app's state give it.
nlohmann::json plannedTargetJson(const PlannedTarget& t);
Result<Plan> readPlan(const std::string& path);
// One target as plannedTargetJson wrote it.
Result<PlannedTarget> parseTarget(const nlohmann::json& jt);

}  // namespace tmsnav
