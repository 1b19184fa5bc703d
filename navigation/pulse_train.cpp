#include "navigation/pulse_train.h"

#include <cmath>
#include <cstdio>

namespace tmsnav {

Result<PulseTrainSpec> parsePulseTrain(const std::string& text) {
  PulseTrainSpec s;
  char tail = 0;
  if (std::sscanf(text.c_str(), "%lfhz:%lfs:%lfs%c", &s.rate_hz, &s.on_s, &s.off_s, &tail) != 3)
    return Error{"a pulse train is RATEhz:ONs:OFFs, e.g. 10hz:4s:26s; got '" + text + "'"};
  if (!(s.rate_hz > 0 && s.rate_hz <= 100)) return Error{"pulse rate must be 0-100 Hz"};
  if (!(s.on_s > 0 && s.on_s <= 600) || !(s.off_s >= 0 && s.off_s <= 3600))
    return Error{"train on time must be 0-600 s and off time 0-3600 s"};
  return s;
}

int PulseTrain::due(double now_s, bool on_target) {
  if (!start_s_) {
    if (!on_target) return 0;
    start_s_ = now_s;
  }
  // The n-th pulse of the schedule: train n / per_train, at its offset within the train.
  const long per_train = std::max(1L, static_cast<long>(std::floor(spec_.on_s * spec_.rate_hz)));
  const double cycle = spec_.on_s + spec_.off_s;
  int fire = 0;
  for (;;) {
    const long n = fired_or_skipped_;
    const double at = *start_s_ + static_cast<double>(n / per_train) * cycle +
                      static_cast<double>(n % per_train) / spec_.rate_hz;
    if (at > now_s) break;
    ++fired_or_skipped_;
    if (on_target)
      ++fire;
    else
      ++skipped_;
  }
  return fire;
}

}  // namespace tmsnav
