#include "navigation/pulse_field.h"

#include "tracking/session_log.h"

namespace tmsnav {

std::optional<double> pulseDidt(const std::optional<Stimulation>& s, const PulseValues& pulse) {
  if (pulse.didt_a_per_us && *pulse.didt_a_per_us > 0) return *pulse.didt_a_per_us;
  if (!s || !(s->didt_at_100_a_per_us > 0)) return std::nullopt;
  // dI/dt is linear in the stimulator's output (its capacitor voltage).
  const double pct = pulse.intensity_pct_mso.value_or(s->intensity_pct_mso);
  if (!(pct > 0)) return std::nullopt;
  return s->didt_at_100_a_per_us * pct / 100.0;
}

std::string formatStimulation(const std::optional<Stimulation>& s) {
  if (!s) return "null";
  return "{\"coil\":\"" + jsonEscaped(s->coil) + "\",\"stimulator\":\"" +
         jsonEscaped(s->stimulator) +
         "\",\"didt_at_100_pct_a_per_us\":" + formatNumber(s->didt_at_100_a_per_us, 2) +
         ",\"intensity_pct_mso\":" + formatNumber(s->intensity_pct_mso, 1) + "}";
}

}  // namespace tmsnav
