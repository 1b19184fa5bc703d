#include "io/exchange_sources.h"

#include <algorithm>

namespace tmsnav {

namespace {
Transform<frame::Coil, frame::Mri> coilPoseOf(const Transform<frame::Target, frame::Mri>& t) {
  return Transform<frame::Coil, frame::Mri>(t.iso());  // the planned coil pose
}
}  // namespace

Exchange exchangeFromPlan(const Plan& plan) {
  Exchange e;
  for (const auto& t : plan.targets)
    e.targets.push_back({t.name, coilPoseOf(t.target_to_mri), t.target_lps});
  return e;
}

Result<Exchange> exchangeFromJournals(const std::vector<SessionJournal>& journals) {
  if (auto one = checkOnePatient(journals); !one) return Error{one.error()};
  Exchange e;
  for (const auto& j : journals) {
    const auto& h = j.header;
    if (h.target_to_mri) {
      const bool known = std::any_of(e.targets.begin(), e.targets.end(), [&](const auto& t) {
        return t.name == h.target_name &&
               t.coil_to_mri.matrix().isApprox(h.target_to_mri->matrix(), 1e-9);
      });
      if (!known) e.targets.push_back({h.target_name, coilPoseOf(*h.target_to_mri), std::nullopt});
    }
    if (!e.start_unix_s && h.started_unix_s > 0) e.start_unix_s = h.started_unix_s;
    const double offset =
        h.started_unix_s > 0 && e.start_unix_s ? h.started_unix_s - *e.start_unix_s : 0.0;
    for (const auto& p : j.pulses) {
      ExchangePulse out;
      out.name = "pulse " + std::to_string(p.number);
      out.session = h.session_label;
      out.coil_to_mri = p.tracked ? p.pose.coil_to_mri : std::nullopt;
      out.t_s = p.pose.t_s + offset;  // one clock for all: the first session's start
      out.intensity_pct_mso = p.intensity_pct_mso;
      out.didt_a_per_us = p.didt_a_per_us;
      out.mep_uv = p.mep_uv;
      e.pulses.push_back(std::move(out));
    }
  }
  return e;
}

}  // namespace tmsnav
