#pragma once
// A simulated stimulation protocol (issue 15): trains of pulses at a rate, on for a while,
// off for a while ("10hz:4s:26s": 4-second trains at 10 Hz every 30 s), fired only while
// the coil is on target, as a technician would. The clock starts at the first moment on
// target; pulses due while off target are not fired (and are counted).
#include <optional>
#include <string>

#include "core/result.h"

namespace tmsnav {

struct PulseTrainSpec {
  double rate_hz = 10.0;
  double on_s = 4.0;
  double off_s = 26.0;
};

// "RATEhz:ONs:OFFs"; Errors name what is wrong.
Result<PulseTrainSpec> parsePulseTrain(const std::string& text);

class PulseTrain {
 public:
  explicit PulseTrain(PulseTrainSpec spec) : spec_(spec) {}
  // How many pulses to fire now (0 or more), given the time and whether on target.
  int due(double now_s, bool on_target);
  int skipped() const { return skipped_; }  // due while off target

 private:
  PulseTrainSpec spec_;
  std::optional<double> start_s_;
  long fired_or_skipped_ = 0;  // pulses of the schedule already dealt with
  int skipped_ = 0;
};

}  // namespace tmsnav
