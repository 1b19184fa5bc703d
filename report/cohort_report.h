#pragma once
// A cohort's plans side by side (issue 17): per subject, each method's target in the
// subject and in MNI space, its depth, the registration's quality and warnings, or why the
// subject was refused; across subjects, where each method lands in MNI space, how far
// apart the methods are and how deep. Read from a derivatives folder the cohort workflow
// wrote: one `<id>_plan.json` per subject, a plan or, for a subject tmsnav refused, a
// failure record (format tmsnav-failure-1: step, error). No rendering, no files:
// `tmsnav cohort-report` draws and writes. LPS mm inside.
#include <optional>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "core/result.h"

namespace tmsnav {

struct CohortTarget {
  std::string name, method;
  Eigen::Vector3d target_lps = Eigen::Vector3d::Zero(), entry_lps = Eigen::Vector3d::Zero();
  std::optional<Eigen::Vector3d> target_mni_lps, entry_mni_lps;
  std::optional<double> scalp_to_cortex_mm;
};

struct CohortSubject {
  std::string id;    // sub-01, or sub-01_ses-1: the file name's stem
  std::string file;  // relative to the derivatives folder
  bool planned = false;
  std::string failed_step, error;  // refused (exit 2): which step, its error line
  std::optional<double> head_dice;
  bool registration_flagged = false;  // head Dice below the warning threshold
  std::vector<std::string> warnings;
  std::vector<CohortTarget> targets;
};

struct Spread {
  size_t n = 0;
  double median = 0, min = 0, max = 0;
};
Spread spreadOf(std::vector<double> values);

// Per-subject values, in subject order (a subject without the value is left out); the
// files and plots summarise them with spreadOf.
struct MethodSummary {
  std::string name, method;
  size_t subjects = 0;
  std::optional<Eigen::Vector3d> mni_centroid_lps;
  std::vector<double> mni_distance_to_centroid_mm;  // each subject's MNI target
  std::vector<double> depth_mm;                     // scalp to cortex along the coil axis
};

struct PairSummary {
  std::string a, b;
  std::vector<double> entry_distance_mm;  // the two methods' scalp entries
};

struct CohortReport {
  std::vector<CohortSubject> subjects;  // sorted by file
  std::vector<MethodSummary> methods;   // in the first planned subject's order
  std::vector<PairSummary> pairs;
  std::vector<std::string> flagged, refused;  // subject ids
};

// Bad input (a malformed plan or failure record, no subject at all): an error naming it.
Result<CohortReport> readCohort(const std::string& derivatives_dir);

}  // namespace tmsnav
