#pragma once
// Reads tmsnav's own session logs back as a recording, so a session can be replayed:
// each line's coil_to_mri_ras becomes a CoilMarker pose (null = missing) with an identity
// head reference, timed by t_s.
#include <string>
#include <vector>

#include "tracking/plus_sequence.h"

namespace tmsnav {

// Header, pulse and note records are not frames and are skipped; a torn last line (a session killed
// mid-write) is dropped and said in warnings.
Result<std::vector<SequenceFrame>> readSessionLog(const std::string& path,
                                                  std::vector<std::string>* warnings = nullptr);

}  // namespace tmsnav
