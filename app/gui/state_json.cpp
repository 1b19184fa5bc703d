#include "app/gui/state_json.h"

#include "app/gui/load_job.h"

#include "report/report_files.h"

#include "core/coords.h"
#include "io/json_util.h"
#include "io/plan_file.h"

namespace tmsnav {

namespace {
nlohmann::json courseJson(const CourseSession& c) {
  nlohmann::json j = {{"status", toString(c.status())}, {"error", c.error()}};
  if (const auto& r = c.report()) {
    const auto summary = summaryJson(*r);
    j["sessions"] = r->sessions.size();
    j["course"] = summary["course"];
  }
  return j;
}
// The live E-field map as shown (issue 29): only for a usable pose.
nlohmann::json liveFieldJson(const AppModel& model) {
  const LiveFieldView v = model.liveField();
  nlohmann::json j = {{"active", v.active},
                      {"intensity_pct_mso", v.intensity_pct_mso},
                      {"scale_v_per_m", v.scale_v_per_m},
                      {"maps_published", v.published},
                      {"poses_dropped", v.dropped},
                      {"shown", v.field != nullptr},
                      {"why_not", v.why_not}};
  if (!v.field) return j;
  const LiveField& f = *v.field;
  j["serial"] = f.serial;
  j["roi_vertices"] = f.roi.size();
  j["peak_v_per_m"] = f.peak_v_per_m;
  j["peak_ras_mm"] = jsonVec(rasFromLps(f.peak_lps));
  j["under_coil_ras_mm"] = jsonVec(rasFromLps(f.under_coil_lps));
  j["coil_ras_mm"] = jsonVec(rasFromLps(Eigen::Vector3d(f.coil_to_mri.translation())));
  j["target_e_v_per_m"] = f.target_e_v_per_m ? nlohmann::json(*f.target_e_v_per_m) : nlohmann::json();
  j["compute_ms"] = f.compute_ms;
  return j;
}
}  // namespace

nlohmann::json stateJson(const AppModel& model) {
  nlohmann::json j;
  j["workflow"] = toString(model.workflow());
  if (model.workflow() == Workflow::Loading)  // what the progress bar says
    j["load"] = {{"stage", plainStage(model.loadStage())}, {"progress", model.loadProgress()}};
  j["mri_path"] = model.mriPath();
  j["last_error"] = model.lastError();
  if (const LoadedPatient* p = model.patient()) {
    j["head_volume_ml"] = p->model.head.volume_ml;
    j["orientation"] = p->orientation == OrientationPolicy::Header    ? "header"
                       : p->orientation == OrientationPolicy::Anatomy ? "anatomy"
                                                                      : "auto";
    if (p->registration) {
      j["mni_header_turn_deg"] = p->registration->header_turn_deg;
      j["mni_orientation_figures"] = p->registration->orientation_figures;
      if (p->registration->unusable) j["mni_unusable"] = *p->registration->unusable;
    }
    j["scalp_triangles"] = static_cast<long long>(p->model.scalp_lps->GetNumberOfCells());
    if (p->model.cortex_lps) {
      j["brain_volume_ml"] = p->model.brain.volume_ml;
      j["cortex_triangles"] = static_cast<long long>(p->model.cortex_lps->GetNumberOfCells());
    }
  }
  if (const auto& t = model.target()) j["target"] = plannedTargetJson(*t);
  nlohmann::json targets = nlohmann::json::array();
  for (const auto& t : model.targets()) targets.push_back(plannedTargetJson(t));
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
  const NavigationSnapshot& nav = model.navigation();
  const GuidanceUpdate& g = nav.guidance;
  j["guidance"] = {{"state", toString(g.state)}, {"reason", g.reason}};
  if (g.errors) {
    j["guidance"]["position_error_mm"] = g.errors->position_mm;
    j["guidance"]["tilt_error_deg"] = degFromRad(g.errors->tilt_rad);
    j["guidance"]["handle_error_deg"] = degFromRad(g.errors->handle_rad);
  }
  if (const auto d = model.coilScalpToCortexMm()) j["guidance"]["coil_scalp_to_cortex_mm"] = *d;
  nlohmann::json tools = nlohmann::json::array();
  for (const ToolLight& t : nav.tools)
    tools.push_back({{"name", t.tool}, {"status", toString(t.status)}, {"age_s", t.age_s}});
  // "running" while a source runs (connecting, streaming or stale), as before the
  // navigation session; "navigation" gives the state itself.
  const char* tracker = isActive(nav.state)             ? "running"
                        : nav.state == NavState::Failed ? "failed"
                                                        : "idle";
  const RegistrationSession& reg = model.registration();
  j["registration"] = {{"status", toString(reg.status())}, {"error", reg.error()}};
  if (const auto& r = reg.current()) {
    j["registration"]["source"] = r->source;
    j["registration"]["fre_mm"] = r->registration.fre_mm;
    j["registration"]["predicted_tre_mm"] = r->registration.predicted_tre_mm;
    j["registration"]["true_tre_mm"] = r->true_tre_mm;
    j["registration"]["age_s"] = model.nowS() - r->made_at_s;
    if (r->registration.icp) j["registration"]["sweep_points"] = r->registration.sweep_points;
  }
  if (nav.registration) j["registration"]["navigation_state"] = toString(*nav.registration);
  if (nav.checkpoint_drift_mm) j["registration"]["checkpoint_drift_mm"] = *nav.checkpoint_drift_mm;
  if (const RegistrationWizard* w = reg.wizard()) {
    const WizardResult& r = w->result();
    nlohmann::json wj = {{"step", toString(w->step())},
                         {"phase", toString(w->phase())},
                         {"instruction", w->instruction()},
                         {"figure", w->figure()},
                         {"problem", w->problem()},
                         {"collected", w->collected()},
                         {"digitised_points", reg.digitised().size()}};
    if (r.pivot) wj["pivot_rms_mm"] = r.pivot->rms_mm;
    if (r.pointer_calibrated) wj["pointer_tip_mm"] = jsonVec(r.pointer_tip);
    if (r.coil) wj["coil_fre_mm"] = r.coil->fre_mm;
    if (r.registration) {
      wj["landmark_fre_mm"] = r.registration->fre_mm;
      if (r.registration->icp) {
        wj["scalp_mean_before_mm"] = r.registration->icp->mean_before_mm;
        wj["scalp_mean_after_mm"] = r.registration->icp->mean_after_mm;
      }
    }
    if (r.checkpoint) wj["checkpoint_error_mm"] = r.checkpoint_error_mm;
    j["registration"]["wizard"] = wj;
  }
  const StudySession& study = model.study();
  j["study"] = {{"path", study.path()},
                {"undo_steps", study.undoDepth()},
                {"redo_steps", study.redoDepth()},
                {"light_theme", model.settings().light_theme},
                {"font_scale", model.settings().font_scale},
                {"show_scalp", model.settings().show_scalp}};
  const AimView& aim = model.aim();
  j["technician"] = {{"headline", aim.headline},       {"reason", aim.reason},
                     {"corrections", aim.corrections}, {"on_target_for_s", aim.on_target_for_s},
                     {"pose_age_s", aim.pose_age_s},   {"has_coil", aim.coil_mm.has_value()}};
  j["tracker"] = {{"state", tracker},
                  {"navigation", toString(nav.state)},
                  {"source", nav.source_name},
                  {"registered", nav.registered},
                  {"tools", tools},
                  {"rejected", nav.counts.rejected},
                  {"reconnects", nav.counts.reconnects},
                  {"frames", nav.frames},
                  {"sample_age_s", nav.sample_age_s},
                  {"max_age_s", nav.max_age_s},
                  {"session_log", nav.journal_path},
                  {"pulses", nav.pulses},
                  {"pulses_on_target", nav.pulses_on_target}};
  j["efield"] = liveFieldJson(model);
  j["course"] = courseJson(model.course());
  const DoseSettings& dose = model.dose();
  j["dose_settings"] = {
      {"motor_threshold_pct_mso", dose.motor_threshold_pct_mso},
      {"percent_of_mt", dose.percent_of_mt},
      {"m1_target", dose.m1_target >= 0 && dose.m1_target < static_cast<int>(model.targets().size())
                        ? nlohmann::json(model.targets()[static_cast<size_t>(dose.m1_target)].name)
                        : nlohmann::json(nullptr)}};
  j["dose"] = nlohmann::json::array();
  for (const auto& row : model.doseRows())
    j["dose"].push_back(
        {{"target", row.target},
         {"dose_pct_mso", row.dose && !row.dose->refused ? nlohmann::json(row.dose->dose_pct_mso)
                                                         : nlohmann::json()},
         {"refused", row.dose && row.dose->refused ? *row.dose->refused : row.problem}});
  return j;
}

}  // namespace tmsnav
