#pragma once
// Repeatability across a course (issue 15): per-session error statistics and where each
// session's pulses landed, then the course's spread, angular spread, drift and two-session
// agreement. No rendering and no files: `tmsnav report` and the app's report panel call
// this, report_files writes it. Positions are LPS mm inside; the edges convert.
#include <optional>
#include <string>
#include <vector>

#include "core/frames.h"
#include "io/session_journal.h"
#include "report/meps.h"

namespace tmsnav {

struct ErrorStats {
  size_t n = 0;
  double mean = 0, sd = 0, median = 0, p95 = 0, max = 0;
};
ErrorStats errorStats(std::vector<double> values);

// One pulse (or sample) where it landed: the coil centre in the target's tangent plane.
struct MapPoint {
  double t_s = 0.0;
  Eigen::Vector2d target_xy_mm = Eigen::Vector2d::Zero();
  std::optional<double> mep_uv;
};

struct SessionReport {
  std::string path, label, started_utc;
  double started_unix_s = 0.0;
  size_t samples = 0, pulses = 0, tracked_pulses = 0, pulses_on_target = 0;
  std::string measured_from;      // "pulses", or "samples" for a session without pulses
  double on_target_fraction = 0;  // of the samples, or of the pulses
  ErrorStats position_mm, tilt_deg, handle_deg;
  std::optional<double> time_to_first_on_target_s;
  std::optional<Eigen::Vector3d> centroid_lps;   // mean coil centre
  std::optional<Eigen::Vector3d> mean_axis_lps;  // mean coil z (into the head), unit
  std::optional<double> shift_from_plan_mm, shift_from_previous_mm;
  std::vector<MapPoint> map;                               // every pulse (or sample) measured
  std::vector<std::pair<double, double>> error_over_time;  // t_s, position error (mm)
  std::vector<double> position_errors_mm;                  // what the box plot shows
  std::optional<double> motor_threshold_pct_mso;
  std::vector<std::string> notes;
  // The E at the target over the session's tracked pulses that carry one (issue 29); n = 0
  // with target_e_absent saying why (a journal from before E was journaled, no field model).
  ErrorStats target_e_v_per_m;
  std::string target_e_absent;
  std::optional<Stimulation> stimulation;
};

// Bland-Altman agreement of two sessions: their pulses paired in order.
struct Agreement {
  size_t first = 0, second = 0;  // session indices
  std::string measure = "position_error_mm";
  size_t pairs = 0;
  double bias = 0, lower = 0, upper = 0;  // mean difference (second - first), +-1.96 SD
};

struct CourseReport {
  std::string patient_id, mri_sha256, target_name;
  std::optional<Transform<frame::Target, frame::Mri>> target_to_mri;
  std::vector<SessionReport> sessions;  // in order of their start
  std::optional<Eigen::Vector3d> course_centroid_lps;
  std::optional<double> spread_rms_mm;         // session centroids about the course centroid
  std::optional<double> angular_spread_deg;    // session mean axes about the course's
  std::optional<double> drift_mm_per_session;  // slope of the centroid's path
  std::vector<Agreement> agreement;            // consecutive sessions
  std::optional<Hotspot> hotspot;              // with MEPs: their weighted centre
  // E at the target across the course: the mean of the session means and their spread
  // (SD of the session means, in V/m and in % of that mean); sessions with E only.
  size_t target_e_sessions = 0;
  std::optional<double> target_e_v_per_m_mean, target_e_spread_v_per_m, target_e_spread_pct;
  std::vector<std::string> warnings;
};

// The journals must be of one patient (checkOnePatient); their order does not matter.
Result<CourseReport> buildCourseReport(std::vector<SessionJournal> sessions);

// Published figures shown beside the patient's own (../shared/INTEROP.md).
struct ReferenceFigure {
  const char* what;
  double position_mm;
  double angle_deg;
  const char* source;
};
inline constexpr ReferenceFigure kReferenceFigures[] = {
    {"navigated repositioning", 0.3, 0.34, "Caulfield et al. 2022 (n = 42)"},
    {"cap-based repositioning", 10.66, 7.79, "Caulfield et al. 2022 (n = 42)"},
};

}  // namespace tmsnav
