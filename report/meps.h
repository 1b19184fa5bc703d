#pragma once
// Motor evoked potentials (issue 15): amplitudes per pulse, from the stimulator's messages
// (journaled with the pulse) or typed into a CSV afterwards, and the hotspot they point to.
#include <optional>
#include <string>
#include <vector>

#include "io/session_journal.h"

namespace tmsnav {

// CSV with columns (by name) `pulse,mep_uv` and, for more than one session, `session`
// (the session's label or its journal's file name). Sets each named pulse's MEP; a pulse
// number or session that does not exist is an error naming the line.
Result<Done> applyMepCsv(const std::string& csv_text, std::vector<SessionJournal>& sessions);

struct Hotspot {
  Eigen::Vector3d p_lps = Eigen::Vector3d::Zero();  // MEP-weighted mean coil centre
  size_t pulses = 0;                                // tracked pulses with an MEP
  double max_mep_uv = 0.0;
};
// None without tracked pulses with a positive MEP.
std::optional<Hotspot> mepHotspot(const std::vector<SessionJournal>& sessions);

}  // namespace tmsnav
