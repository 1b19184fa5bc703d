#pragma once
// A study (issue 14): what a clinician planned on one patient, so that it survives the
// app: the MRI (path and SHA-256: a changed MRI is refused), what segmentation made of it,
// the targets with their specs and results, the active one, the scalp landmarks, the
// display settings, the registration in use and the session logs recorded. JSON,
// versioned ("format": "tmsnav-study-1"), written atomically; world RAS mm at the edge.
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "imaging/target_planner.h"

namespace tmsnav {

struct StudySettings {
  bool show_scalp = true;
  bool scalp_depth_colours = false;
  bool light_theme = false;
  float font_scale = 1.0f;
  bool operator==(const StudySettings&) const = default;
};

struct Study {
  std::string mri_path;
  std::string mri_sha256;
  std::string series_uid;       // DICOM: the series loaded
  nlohmann::json segmentation;  // volumes and triangle counts of what was segmented
  std::vector<PlannedTarget> targets;
  size_t active_target = 0;
  std::map<std::string, Eigen::Vector3d> landmarks_lps;  // nasion, inion, lpa, rpa
  StudySettings settings;
  std::string registration_path;      // registration.json in use, when saved
  std::vector<std::string> sessions;  // session logs recorded in this study
  std::string saved_at;               // ISO 8601, UTC
};

std::string studyJson(const Study& s);
// Errors: unreadable, not a study, too large, malformed fields, more targets than a
// person plans (a corrupt or hostile file).
Result<Study> readStudy(const std::string& path);

}  // namespace tmsnav
