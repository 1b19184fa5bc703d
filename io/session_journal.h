#pragma once
// Reads a session journal back (issue 15): the header, every sample, pulse and note, for
// reports and exports. Coil poses come back in LPS (inside) as rigid transforms; a torn
// last line (a session killed mid-write) is dropped with a warning; any other malformed
// line refuses the file, naming the line.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/frames.h"
#include "core/result.h"
#include "navigation/pulse_field.h"

namespace tmsnav {

struct JournalHeader {
  std::string format;  // "tmsnav-session-1"; empty: a journal from before headers
  std::string software, started_utc, patient_id, session_label;
  double started_unix_s = 0.0;
  std::string mri_path, mri_sha256, plan_path, target_name;
  std::optional<Transform<frame::Target, frame::Mri>> target_to_mri;
  std::string registration_method;
  std::optional<double> registration_fre_mm, predicted_tre_mm;
  std::string coil, source;
  std::optional<double> motor_threshold_pct_mso;
  std::optional<std::uint64_t> seed;
  std::optional<Stimulation> stimulation;  // none: a journal from before issue 29, or not set
};

// What guidance said at one instant (a sample or a pulse).
struct JournalPose {
  double t_s = 0.0;
  std::string state;  // "on_target", "off_target", "not_tracking"
  std::optional<double> position_error_mm, tilt_error_deg, handle_error_deg;
  std::optional<Transform<frame::Coil, frame::Mri>> coil_to_mri;  // none: not tracked
};

struct JournalPulse {
  std::uint64_t number = 0;
  JournalPose pose;
  bool tracked = false;
  std::optional<double> intensity_pct_mso, didt_a_per_us, mep_uv;
  std::string source;
  // The E at the target at this pulse's dI/dt (e_didt_a_per_us); none in journals from
  // before issue 29, for untracked pulses and sessions without a field model.
  std::optional<double> target_e_v_per_m, e_didt_a_per_us;
};

struct JournalNote {
  double t_s = 0.0;
  std::string text;
};

struct SessionJournal {
  std::string path;
  JournalHeader header;
  std::vector<JournalPose> samples;
  std::vector<JournalPulse> pulses;
  std::vector<JournalNote> notes;
  std::vector<std::string> warnings;
};

// Journals larger than this are refused before they are read (a 30-minute session at
// 400 Hz is about 400 MB).
constexpr std::uintmax_t kMaxJournalBytes = 2ull << 30;
Result<SessionJournal> readSessionJournal(const std::string& path);
// Each of them, in order; the first that cannot be read is the error.
Result<std::vector<SessionJournal>> readSessionJournals(const std::vector<std::string>& paths);

// The header alone (the first line): none for a journal from before headers or a file
// that is not a journal.
std::optional<JournalHeader> readJournalHeader(const std::string& path);

// The sessions one report or export may combine: one patient (MRI SHA-256, else patient
// ID), or the reason they are not.
Result<Done> checkOnePatient(const std::vector<SessionJournal>& sessions);

}  // namespace tmsnav
