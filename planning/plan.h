#pragma once
// A plan: the planned targets on one MRI with what they were planned from. plan.json is
// its file form (io/plan_file.h).
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "imaging/mni_registration.h"
#include "imaging/target_planner.h"
#include "imaging/ten_twenty.h"

namespace tmsnav {

struct Plan {
  std::string mri_path;    // absolute
  std::string mri_sha256;  // patient identity travels with the plan
  std::string patient_id;  // DICOM PatientID, else the MRI's file name, or --patient-id
  double handle_angle_rad = 0.0;
  double scalp_offset_mm = 0.0;
  bool entry_along_cortex_normal = false;
  std::optional<BeamF3> beam_f3;  // the head measurements behind a beam-f3 target
  std::vector<PlannedTarget> targets;
  std::optional<MniRegistration> registration;
  std::map<std::string, Eigen::Vector3d> landmarks_lps;   // nasion, inion, lpa, rpa on the scalp
  std::map<std::string, Eigen::Vector3d> ten_twenty_lps;  // 10-20 positions, when asked for
};

}  // namespace tmsnav
