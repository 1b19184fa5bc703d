#pragma once
// A stimulator pulse reported over OpenIGTLink (issue 15): a STRING message whose text is
// "pulse" (or "trigger"), optionally followed by values, e.g.
//   pulse intensity=55 didt=120 mep=850
// (intensity in %MSO, di/dt in A/us, MEP peak-to-peak in uV). Any other text is not a
// pulse. A value that is not a finite number in its range is dropped and said, never
// guessed: the pulse itself is still recorded.
#include <optional>
#include <string>
#include <vector>

namespace tmsnav {

struct PulseValues {
  std::optional<double> intensity_pct_mso;  // [0, 100]
  std::optional<double> didt_a_per_us;      // [0, 1000]
  std::optional<double> mep_uv;             // [0, 100000]
};

struct PulseMessage {
  PulseValues values;
  std::vector<std::string> dropped;  // "mep=nan: not a number in [0, 100000]"
};

std::optional<PulseMessage> parsePulseMessage(const std::string& text);

}  // namespace tmsnav
