#pragma once
// The first record of every session journal (issue 15): who the patient is, which MRI,
// plan, registration and coil the session was guided with, and by which software. A report
// or an import reads it to refuse sessions of another patient; nothing in it is required
// (a live session without a plan still has a header saying so).
#include <cstdint>
#include <optional>
#include <string>

#include "core/frames.h"
#include "navigation/pulse_field.h"

namespace tmsnav {

inline constexpr const char* kSessionFormat = "tmsnav-session-1";

struct SessionHeader {
  std::string software;    // "tmsnav 0.6.0 (abc1234)"
  std::string patient_id;  // DICOM PatientID, else the MRI's file name, or --patient-id
  std::string mri_path;
  std::string mri_sha256;  // patient identity: sessions of another MRI are refused
  std::string plan_path;
  std::string target_name;
  std::string registration_path;
  std::string registration_method;  // "landmarks+surface", "simulated truth", "none"
  std::optional<double> registration_fre_mm;
  std::string coil;                   // the coil calibration file, or what stands for it
  std::string session_label;          // free text: "day 3", "maintenance 1"
  std::optional<std::uint64_t> seed;  // simulated sessions: the seed that replays them
  std::optional<double> motor_threshold_pct_mso;
  // The coil and stimulator pair and the intensity this session stimulates with.
  std::optional<Stimulation> stimulation;
};

// Filled in by the session at start: the clock, the source and the plan it was given.
struct SessionStart {
  double wall_s = 0.0;  // Unix seconds
  std::string source;
  std::optional<Transform<frame::Target, frame::Mri>> target_to_mri;
  std::optional<double> predicted_tre_mm;
  double sample_period_s = 0.0;
};

// One JSON line (no newline): {"type":"header","format":"tmsnav-session-1",...}.
std::string formatSessionHeader(const SessionHeader& h, const SessionStart& start);
// "2026-11-30T21:04:05.123Z".
std::string isoUtc(double wall_s);

}  // namespace tmsnav
