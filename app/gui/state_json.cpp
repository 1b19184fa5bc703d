#include "app/gui/state_json.h"

#include "app/json_util.h"
#include "app/plan_file.h"
#include "tracking/coords.h"

namespace tmsnav {

nlohmann::json stateJson(const AppModel& model) {
  nlohmann::json j;
  j["workflow"] = toString(model.workflow());
  j["mri_path"] = model.mriPath();
  j["last_error"] = model.lastError();
  if (const LoadedPatient* p = model.patient()) {
    j["head_volume_ml"] = p->model.head.volume_ml;
    j["scalp_triangles"] = static_cast<long long>(p->model.scalp_lps->GetNumberOfCells());
    if (p->model.cortex_lps) {
      j["brain_volume_ml"] = p->model.brain.volume_ml;
      j["cortex_triangles"] = static_cast<long long>(p->model.cortex_lps->GetNumberOfCells());
    }
  }
  if (const auto& t = model.target()) {
    j["target"] = {{"name", t->name},
                   {"method", t->method},
                   {"target_ras_mm", jsonVec(rasFromLps(t->target_lps))},
                   {"entry_ras_mm", jsonVec(rasFromLps(t->entry_lps))},
                   {"scalp_to_target_mm", t->scalp_to_target_mm}};
    if (t->target_mni_lps) j["target"]["target_mni_mm"] = jsonVec(rasFromLps(*t->target_mni_lps));
    if (t->scalp_to_cortex_mm) j["target"]["scalp_to_cortex_mm"] = *t->scalp_to_cortex_mm;
  }
  nlohmann::json targets = nlohmann::json::array();
  for (const auto& t : model.targets())
    targets.push_back({{"name", t.name},
                       {"method", t.method},
                       {"entry_ras_mm", jsonVec(rasFromLps(t.entry_lps))},
                       {"target_ras_mm", jsonVec(rasFromLps(t.target_lps))}});
  j["targets"] = targets;
  j["active_target"] = model.activeTarget();
  if (const auto* patch = model.activeAtlasPatch()) {
    long long n = 0;
    for (unsigned char f : *patch) n += f;
    j["atlas_patch_vertices"] = n;
  }
  j["landmarks_ras_mm"] = nlohmann::json::object();
  for (const auto& [name, p] : model.landmarks())
    j["landmarks_ras_mm"][name] = jsonVec(rasFromLps(p));
  if (const auto b = model.beamF3()) j["beam_f3"] = beamF3Json(*b);
  const GuidanceUpdate& g = model.guidance();
  j["guidance"] = {{"state", toString(g.state)}, {"reason", g.reason}};
  if (g.errors) {
    j["guidance"]["position_error_mm"] = g.errors->position_mm;
    j["guidance"]["tilt_error_deg"] = degFromRad(g.errors->tilt_rad);
    j["guidance"]["handle_error_deg"] = degFromRad(g.errors->handle_rad);
  }
  if (const auto d = model.coilScalpToCortexMm()) {
    j["guidance"]["coil_scalp_to_cortex_mm"] = *d;
  }
  nlohmann::json tools = nlohmann::json::array();
  if (const auto& f = model.latestFrame())
    for (const auto& t : f->tools)
      tools.push_back({{"name", t.tool},
                       {"status", toString(t.status)},
                       {"age_s", model.nowS() - t.timestamp_s}});
  const SourceCounts c = model.sourceCounts();
  j["tracker"] = {{"state", toString(model.trackerState())},
                  {"source", model.sourceName()},
                  {"tools", tools},
                  {"rejected", c.rejected},
                  {"reconnects", c.reconnects},
                  {"frames", model.framesReceived()},
                  {"sample_age_s", model.sampleAgeS()},
                  {"session_log", model.sessionLogPath()}};
  return j;
}

}  // namespace tmsnav
