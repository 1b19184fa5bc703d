// `tmsnav import FILE` and `tmsnav export`: targets and pulses to and from Brainsight,
// Localite, 3D Slicer and CSV (issue 15). The formats live in io/; this file reads the
// command line and prints.
#include <iostream>

#include "app/cli/cli_support.h"
#include "app/cli/commands.h"
#include "app/version.h"
#include "core/coords.h"
#include "io/exchange_sources.h"
#include "io/json_util.h"
#include "io/plan_file.h"

namespace tmsnav {

namespace {
nlohmann::json optional(const std::optional<double>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json();
}

nlohmann::json importJson(const Exchange& e, const std::string& path) {
  nlohmann::json j = {
      {"file", path},
      {"format", e.format},
      {"coordinates", "world RAS mm, tmsnav coil axes (z into the head, y toward the handle)"},
      {"targets", nlohmann::json::array()},
      {"pulses", nlohmann::json::array()},
      {"warnings", e.warnings}};
  for (const auto& t : e.targets) {
    nlohmann::json jt = {{"name", t.name},
                         {"coil_to_mri_ras", jsonMat(rasFromCoilPose(t.coil_to_mri))}};
    if (t.cortex_lps) jt["cortex_ras_mm"] = jsonVec(rasFromLps(*t.cortex_lps));
    j["targets"].push_back(jt);
  }
  for (const auto& p : e.pulses)
    j["pulses"].push_back(
        {{"name", p.name},
         {"session", p.session},
         {"coil_to_mri_ras",
          p.coil_to_mri ? jsonMat(rasFromCoilPose(*p.coil_to_mri)) : nlohmann::json()},
         {"t_s", optional(p.t_s)},
         {"intensity_pct_mso", optional(p.intensity_pct_mso)},
         {"didt_a_per_us", optional(p.didt_a_per_us)},
         {"mep_uv", optional(p.mep_uv)}});
  return j;
}

Result<Exchange> exportSource(const ExportArgs& a) {
  if (a.plan.empty() == a.sessions.empty()) return Error{"give either --plan or session journals"};
  if (!a.plan.empty()) {
    auto plan = readPlan(a.plan);
    if (!plan) return Error{plan.error()};
    return exchangeFromPlan(*plan);
  }
  auto journals = readSessionJournals(a.sessions);
  if (!journals) return Error{journals.error()};
  return exchangeFromJournals(*journals);
}
}  // namespace

int runImport(const ImportArgs& a) {
  auto e = importExchange(a.file);
  if (!e) return fail(kExitBadInput, e.error());
  if (a.json) {
    printJson(importJson(*e, a.file));
    return kExitOk;
  }
  size_t untracked = 0;
  for (const auto& p : e->pulses) untracked += !p.coil_to_mri;
  std::cout << a.file << ": " << e->format << ", " << e->targets.size() << " targets, "
            << e->pulses.size() << " pulses (" << untracked << " not tracked)\n";
  return kExitOk;
}

int runExport(const ExportArgs& a) {
  auto format = parseExchangeFormat(a.format);
  if (!format) return fail(kExitBadInput, format.error());
  auto e = exportSource(a);
  if (!e) return fail(kExitBadInput, e.error());
  e->created_by = std::string("tmsnav ") + versionString() + " (" + sourceRevision() + ")";
  if (*format == ExchangeFormat::LocaliteTriggers && e->pulses.empty())
    return fail(kExitBadInput, "no pulses to write as Localite TriggerMarkers");
  if (auto w = exportExchange(*e, *format, a.out); !w) return fail(kExitFailure, w.error());
  if (a.json) {
    printJson({{"out", a.out},
               {"format", a.format},
               {"targets", e->targets.size()},
               {"pulses", e->pulses.size()}});
  } else {
    std::cout << e->targets.size() << " targets, " << e->pulses.size() << " pulses -> " << a.out
              << "\n";
  }
  return kExitOk;
}

}  // namespace tmsnav
