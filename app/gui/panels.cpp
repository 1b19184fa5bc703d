#include "app/gui/panels.h"

#include "app/gui/field_view.h"
#include "app/gui/stimulation_panel.h"

#include <cstdio>

#include "app/gui/course_panel.h"
#include "app/gui/load_job.h"
#include "app/gui/planning_panels.h"
#include "app/gui/wizard_panel.h"
#include "core/coords.h"

namespace tmsnav {

namespace {
const ImVec4 kProgressBlue(0.16f, 0.42f, 0.75f, 1.0f);  // the load's progress bar
}  // namespace

namespace {
void statusLight(bool ok, bool warn) {
  const ImVec4 colour = ok     ? ImVec4(0.2f, 0.85f, 0.3f, 1)
                        : warn ? ImVec4(0.95f, 0.7f, 0.1f, 1)
                               : ImVec4(0.9f, 0.2f, 0.2f, 1);
  ImGui::TextColored(colour, "%s", ok ? "[OK]" : warn ? "[..]" : "[--]");
  ImGui::SameLine();
}

// DICOM folders may hold several series: the T1-like one is loaded; the user may choose.
void seriesPicker(const AppModel& model, const LoadedPatient& p, std::vector<UiCommand>& out) {
  if (p.volume.series.size() < 2) return;
  const DicomSeriesInfo* current = nullptr;
  for (const auto& s : p.volume.series)
    if (s.uid == p.volume.series_uid) current = &s;
  if (!ImGui::BeginCombo("Series", current ? current->description.c_str() : "?")) return;
  for (const auto& s : p.volume.series) {
    char label[256];
    std::snprintf(label, sizeof label, "%s (%s %dx%dx%d)##%s", s.description.c_str(),
                  s.modality.c_str(), s.columns, s.rows, s.slices, s.uid.c_str());
    if (ImGui::Selectable(label, &s == current) && &s != current)
      out.push_back(CmdLoadMri{model.mriPath(), s.uid});
  }
  ImGui::EndCombo();
}

// When the image header and the anatomy disagreed about which way the head faces (issue 26),
// the user who knows the scan may answer: the MRI is loaded again under that policy.
void orientationChoice(const AppModel& model, std::vector<UiCommand>& out) {
  const LoadedPatient* p = model.patient();
  if (!p || !p->registration) return;
  const OrientationPolicy used = p->orientation;
  const std::string& figures = p->registration->orientation_figures;
  if (figures.empty() && used == OrientationPolicy::Auto) return;  // nothing was in doubt
  if (!figures.empty())
    ImGui::TextWrapped("The header and the anatomy disagree on the head's orientation: %s.",
                       figures.c_str());
  ImGui::TextWrapped("Orientation used: %s.",
                     used == OrientationPolicy::Header    ? "the image header's, as you chose"
                     : used == OrientationPolicy::Anatomy ? "the anatomy's, as you chose"
                                                          : "the automatic choice");
  const bool loading = model.workflow() == Workflow::Loading;
  ImGui::BeginDisabled(loading);
  if (ImGui::Button("Trust the header"))
    out.push_back(CmdLoadMri{model.mriPath(), p->volume.series_uid, OrientationPolicy::Header});
  ImGui::SameLine();
  if (ImGui::Button("Trust the anatomy"))
    out.push_back(CmdLoadMri{model.mriPath(), p->volume.series_uid, OrientationPolicy::Anatomy});
  ImGui::EndDisabled();
}

void patientSection(const AppModel& model, PanelState& ui, std::vector<UiCommand>& out) {
  if (!ImGui::CollapsingHeader("Patient MRI", ImGuiTreeNodeFlags_DefaultOpen)) return;
  ImGui::InputText("##mri", ui.mri_path, sizeof ui.mri_path);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip(
        "A NIfTI, NRRD or MetaImage file or a DICOM folder; or drop one on the window");
  const bool loading = model.workflow() == Workflow::Loading;
  ImGui::BeginDisabled(loading);
  if (ImGui::Button("Load")) out.push_back(CmdLoadMri{ui.mri_path, ""});
  ImGui::SameLine();
  if (ImGui::Button("Browse...")) ui.browse = true;
  ImGui::EndDisabled();
  if (loading) {
    ImGui::SameLine();
    if (ImGui::Button("Cancel")) out.push_back(CmdCancelLoad{});
    char label[96];
    std::snprintf(label, sizeof label, "%s... %.0f%%", plainStage(model.loadStage()).c_str(),
                  100.0 * model.loadProgress());
    // White words on a mid blue (ImGui's default is white on yellow: hard to read).
    ImGui::PushStyleColor(ImGuiCol_PlotHistogram, kProgressBlue);
    ImGui::ProgressBar(static_cast<float>(model.loadProgress()), ImVec2(-1, 0), label);
    ImGui::PopStyleColor();
  }
  if (model.workflow() == Workflow::Failed)
    ImGui::TextColored(ImVec4(1, 0.4f, 0.4f, 1), "Not loaded: %s", model.lastError().c_str());
  if (const LoadedPatient* p = model.patient()) {
    seriesPicker(model, *p, out);
    for (const auto& w : p->volume.warnings)
      ImGui::TextColored(ImVec4(1, 0.8f, 0.3f, 1), "Warning: %s", w.c_str());
    const Eigen::Vector3i d = p->volume.dims();
    ImGui::TextWrapped("%s", model.mriPath().c_str());
    ImGui::Text("%d x %d x %d voxels", d.x(), d.y(), d.z());
    ImGui::Text("Head %.0f ml, scalp %lld triangles", p->model.head.volume_ml,
                static_cast<long long>(p->model.scalp_lps->GetNumberOfCells()));
    if (p->model.cortex_lps) {
      const auto& v = p->model.tissue.volumes_ml;
      ImGui::Text("Brain %.0f ml (CSF %.0f, grey %.0f, white %.0f)", p->model.brain.volume_ml, v[0],
                  v[1], v[2]);
      if (p->registration && p->registration->head_dice)
        ImGui::Text("MNI registration: head overlap (Dice) %.3f", *p->registration->head_dice);
      if (ImGui::Checkbox("Show scalp (off: the cortex)", &ui.show_scalp))
        out.push_back(CmdShowScalp{ui.show_scalp});
      if (ImGui::Checkbox("Colour scalp by depth to cortex", &ui.scalp_depth_colours))
        out.push_back(CmdScalpDepthColours{ui.scalp_depth_colours});
    }
  }
}

void targetSection(const AppModel& model, PanelState& ui, std::vector<UiCommand>& out) {
  if (!ImGui::CollapsingHeader("Target", ImGuiTreeNodeFlags_DefaultOpen)) return;
  ImGui::BeginDisabled(model.workflow() != Workflow::Ready);
  if (ImGui::Checkbox("Click on the head sets the target", &ui.pick_mode))
    out.push_back(CmdSetPickMode{ui.pick_mode, ""});
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip(
        "A click on the 3-D view sets the target. With the scalp shown, choose below: the\n"
        "scalp point under the mouse (the coil over it, 0 mm deep) or the cortex beneath it\n"
        "along the coil's axis (as scalp:X,Y,Z and the 10-20 targets do). With the scalp\n"
        "hidden, the click is on the cortex and that point is the target.");
  ImGui::BeginDisabled(!ui.show_scalp);
  ImGui::Indent();
  const int before = ui.click_gives;
  ImGui::RadioButton("the scalp point", &ui.click_gives, 0);
  ImGui::SameLine();
  ImGui::RadioButton("the cortex beneath it", &ui.click_gives, 1);
  if (ui.click_gives != before) out.push_back(CmdSetClickTarget{ui.click_gives == 1});
  ImGui::Unindent();
  ImGui::EndDisabled();
  ImGui::InputFloat3("RAS mm", ui.target_ras, "%.1f");
  if (ImGui::Button("Set target at RAS"))
    out.push_back(
        CmdSetTargetRas{Eigen::Vector3d(ui.target_ras[0], ui.target_ras[1], ui.target_ras[2])});
  const bool have_mni = model.patient() && model.patient()->registration;
  ImGui::BeginDisabled(!have_mni);
  ImGui::InputFloat3("MNI mm", ui.target_mni, "%.1f");
  if (ImGui::Button("Set target at MNI"))
    out.push_back(
        CmdSetTargetMni{Eigen::Vector3d(ui.target_mni[0], ui.target_mni[1], ui.target_mni[2])});
  ImGui::EndDisabled();
  ImGui::InputText("##spec", ui.target_spec, sizeof ui.target_spec);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip(
        "atlas:BA46, atlas:BA9:R, atlas:AAL:Frontal_Mid_L, 10-20:F3, beam-f3, "
        "beam-f3-adjusted, 5cm-rule:X,Y,Z or 5.5cm-rule:X,Y,Z (hotspot RAS),\n"
        "scalp:X,Y,Z (the cortex beneath a scalp position, RAS)");
  ImGui::SameLine();
  if (ImGui::Button("Set target")) out.push_back(CmdSetTargetSpec{ui.target_spec});
  ImGui::EndDisabled();
  presetPickers(model, out);
  if (model.patient() && !model.patient()->registration_note.empty())
    ImGui::TextWrapped("MNI: %s", model.patient()->registration_note.c_str());
  orientationChoice(model, out);
  if (const auto& t = model.target()) {
    const Eigen::Vector3d target = rasFromLps(t->target_lps), entry = rasFromLps(t->entry_lps);
    ImGui::Text("Target  %.1f, %.1f, %.1f RAS mm", target.x(), target.y(), target.z());
    ImGui::Text("Entry   %.1f, %.1f, %.1f RAS mm", entry.x(), entry.y(), entry.z());
    ImGui::Text("Scalp to target %.1f mm", t->scalp_to_target_mm);
    if (t->scalp_to_cortex_mm) ImGui::Text("Scalp to cortex %.1f mm", *t->scalp_to_cortex_mm);
    if (t->target_mni_lps) {
      const Eigen::Vector3d mni = rasFromLps(*t->target_mni_lps);
      ImGui::Text("In MNI  %.1f, %.1f, %.1f mm", mni.x(), mni.y(), mni.z());
    }
  } else {
    ImGui::TextDisabled("No target yet");
  }
}

void sourcePicker(PanelState& ui, std::vector<UiCommand>& out) {
  ImGui::RadioButton("Simulated", &ui.source, 0);
  ImGui::SameLine();
  ImGui::RadioButton("OpenIGTLink", &ui.source, 1);
  ImGui::SameLine();
  ImGui::RadioButton("Recording", &ui.source, 2);
  if (ui.source == 1) {
    ImGui::InputText("Server", ui.igtl_address, sizeof ui.igtl_address);
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("HOST:PORT of PLUS Server or any OpenIGTLink server");
  } else if (ui.source == 2) {
    ImGui::InputText("File", ui.replay_path, sizeof ui.replay_path);
    ImGui::SliderFloat("Speed", &ui.replay_speed, 0.25f, 4.0f, "%.2fx");
  }
  if (ImGui::Button("Start tracking")) out.push_back(startTrackingCommand(ui));
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("F5 starts and stops tracking");
}

void studySection(const AppModel& model, PanelState& ui, std::vector<UiCommand>& out) {
  if (!ImGui::CollapsingHeader("Study")) return;
  const StudySession& study = model.study();
  ImGui::TextWrapped("%s", study.path().empty() ? "Not saved yet (saved after the first edit)"
                                                : study.path().c_str());
  ImGui::InputText("##study", ui.study_path, sizeof ui.study_path);
  if (ImGui::Button("Open")) out.push_back(CmdOpenStudy{ui.study_path});
  ImGui::SameLine();
  if (ImGui::Button("Save as")) out.push_back(CmdSaveStudy{ui.study_path});
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Ctrl+S saves to the current study file");
  ImGui::SameLine();
  ImGui::BeginDisabled(study.undoDepth() == 0);
  if (ImGui::Button("Undo")) out.push_back(CmdUndo{});
  ImGui::EndDisabled();
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("Ctrl+Z");
  ImGui::SameLine();
  ImGui::BeginDisabled(study.redoDepth() == 0);
  if (ImGui::Button("Redo")) out.push_back(CmdRedo{});
  ImGui::EndDisabled();
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("Ctrl+Shift+Z");
  const auto recent = study.recent();
  if (!recent.empty() && ImGui::BeginCombo("Recent", "open a recent study")) {
    for (const auto& p : recent)
      if (ImGui::Selectable(p.c_str())) out.push_back(CmdOpenStudy{p});
    ImGui::EndCombo();
  }
}

void registrationSection(const AppModel& model, PanelState& ui, std::vector<UiCommand>& out) {
  if (!ImGui::CollapsingHeader("Registration", ImGuiTreeNodeFlags_DefaultOpen)) return;
  const RegistrationSession& reg = model.registration();
  ImGui::BeginDisabled(model.tracking() || !model.target() ||
                       reg.status() == RegistrationStatus::Running);
  if (ImGui::Button("Register simulated patient")) out.push_back(CmdRegisterSimulated{1});
  ImGui::InputText("##registration", ui.registration_path, sizeof ui.registration_path);
  ImGui::SameLine();
  if (ImGui::Button("Load")) out.push_back(CmdLoadRegistration{ui.registration_path});
  ImGui::SameLine();
  if (ImGui::Button("Clear")) out.push_back(CmdClearRegistration{});
  ImGui::EndDisabled();
  wizardSection(model, ui, out);
  ImGui::TextWrapped("%s", registrationLine(model).c_str());
  if (const auto& r = reg.current()) {
    const PatientRegistration& g = r->registration;
    ImGui::TextWrapped("%s", r->source.c_str());
    ImGui::Text("%zu landmarks, FRE %.2f mm", g.landmarks.size(), g.fre_mm);
    if (g.icp)
      ImGui::TextWrapped("%zu scalp points: %.2f -> %.2f mm from the scalp", g.sweep_points,
                  g.icp->mean_before_mm, g.icp->mean_after_mm);
    for (const auto& [name, mm] : r->true_tre_mm)
      ImGui::TextWrapped("simulated truth at %s: %.2f mm", name.c_str(), mm);
    if (const auto& d = model.navigation().checkpoint_drift_mm)
      ImGui::Text("checkpoint touched again: %.1f mm drift", *d);
    ImGui::BeginDisabled(!model.tracking() || !r->checkpoint || !r->pointer_tip);
    if (ImGui::Button("Check the checkpoint")) out.push_back(CmdAskCheckpoint{});
    ImGui::EndDisabled();
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
      ImGui::SetTooltip(
          "Guidance pauses until the pointer touches the nasion again; over 3 mm of drift "
          "invalidates the registration");
  }
  if (reg.status() == RegistrationStatus::Failed) ImGui::TextWrapped("%s", reg.error().c_str());
}

void trackingSection(const AppModel& model, PanelState& ui, std::vector<UiCommand>& out) {
  if (!ImGui::CollapsingHeader("Tracking", ImGuiTreeNodeFlags_DefaultOpen)) return;
  const NavigationSnapshot& nav = model.navigation();
  const bool running = model.tracking();
  ImGui::BeginDisabled(running || !model.target());
  sourcePicker(ui, out);
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::BeginDisabled(!running);
  if (ImGui::Button("Stop")) out.push_back(CmdStopTracking{});
  ImGui::EndDisabled();
  statusLight(nav.state == NavState::Streaming, nav.state == NavState::Stale);
  ImGui::Text("Tracker: %s %s", toString(nav.state), running ? nav.source_name.c_str() : "");
  if (nav.state == NavState::Failed) ImGui::TextWrapped("%s", nav.failure.c_str());
  drawToolStatus(nav, model.pointerNeeded());
  ImGui::Text("Frames %llu  rejected %llu  reconnects %llu",
              static_cast<unsigned long long>(nav.frames),
              static_cast<unsigned long long>(nav.counts.rejected),
              static_cast<unsigned long long>(nav.counts.reconnects));
  if (running && !nav.registered)
    ImGui::TextWrapped("No registration: tracker poses are used as image coordinates");
  if (!nav.journal_path.empty()) ImGui::TextWrapped("Log: %s", nav.journal_path.c_str());
  if (ImGui::Button("Reset view")) out.push_back(CmdResetCamera{});
}
}  // namespace

// One line that is always on screen: is there a registration, is it still valid, how
// good is it at the active target, and how old.
std::string registrationLine(const AppModel& model) {
  const RegistrationSession& reg = model.registration();
  if (reg.status() == RegistrationStatus::Running) return "Registration: registering...";
  const auto& r = reg.current();
  if (!r) return "No registration: live and recorded poses are used as image coordinates";
  const NavigationSnapshot& nav = model.navigation();
  const char* state = nav.registration ? toString(*nav.registration) : "valid";
  char line[256];
  const PlannedTarget* t = model.target();
  const auto tre =
      t ? r->registration.predicted_tre_mm.find(t->name) : r->registration.predicted_tre_mm.end();
  if (tre != r->registration.predicted_tre_mm.end())
    std::snprintf(line, sizeof line,
                  "Registration %s: predicted TRE %.1f mm at the target, %.0f min old", state,
                  tre->second, (model.nowS() - r->made_at_s) / 60.0);
  else
    std::snprintf(line, sizeof line,
                  "Registration %s (FRE %.1f mm; no prediction for this target), %.0f min old",
                  state, r->registration.fre_mm, (model.nowS() - r->made_at_s) / 60.0);
  return line;
}

UiCommand startTrackingCommand(const PanelState& ui) {
  if (ui.source == 1) return CmdStartIgtl{ui.igtl_address};
  if (ui.source == 2) return CmdStartReplay{ui.replay_path, ui.replay_speed, true};
  return CmdStartSimulation{};
}

void drawControlPanel(const AppModel& model, PanelState& ui, std::vector<UiCommand>& out) {
  studySection(model, ui, out);
  patientSection(model, ui, out);
  targetSection(model, ui, out);
  targetListSection(model, out);
  landmarkSection(model, ui, out);
  registrationSection(model, ui, out);
  trackingSection(model, ui, out);
  courseSection(model, ui, out);
  doseSection(model, out);
  stimulationSection(model, out);
}

// One light per tool: green usable, amber stale, red missing or invalid (the session's
// one judgement, ToolLight).
void drawToolStatus(const NavigationSnapshot& nav, bool pointer_needed) {
  if (nav.tools.empty()) {
    statusLight(false, false);
    ImGui::TextUnformatted("No samples");
    return;
  }
  for (const ToolLight& t : nav.tools) {
    const bool usable = t.kind == ToolLight::Kind::Usable;
    if (!usable && !pointer_needed && t.tool == kPointerTool) {
      ImGui::TextDisabled("[  ] %-12s not in use (only needed to register)", t.tool.c_str());
      continue;
    }
    const bool stale = t.kind == ToolLight::Kind::Stale;
    statusLight(usable, stale);
    ImGui::Text("%-12s %-8s %6.0f ms", t.tool.c_str(),
                usable  ? "ok"
                : stale ? "stale"
                        : toString(t.status),
                1000.0 * t.age_s);
  }
}

void drawGuidanceBanner(const AppModel& model, const Fonts& fonts) {
  const GuidanceUpdate& g = model.navigation().guidance;
  ImVec4 bg(0.35f, 0.35f, 0.38f, 1);
  const char* title = "NOT TRACKING";
  if (g.state == GuidanceState::OffTarget)
    bg = ImVec4(0.80f, 0.50f, 0.05f, 1), title = "OFF TARGET";
  if (g.state == GuidanceState::OnTarget) bg = ImVec4(0.10f, 0.62f, 0.22f, 1), title = "ON TARGET";
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const ImVec2 size(ImGui::GetContentRegionAvail().x, ImGui::GetContentRegionAvail().y);
  ImGui::GetWindowDrawList()->AddRectFilled(p, ImVec2(p.x + size.x, p.y + size.y),
                                            ImGui::GetColorU32(bg), 6.0f);
  ImGui::SetCursorScreenPos(ImVec2(p.x + 16, p.y + 8));
  if (fonts.big)
    ImGui::PushFont(fonts.big);
  else
    ImGui::SetWindowFontScale(3.0f);
  ImGui::TextUnformatted(title);
  if (fonts.big)
    ImGui::PopFont();
  else
    ImGui::SetWindowFontScale(1.0f);
  ImGui::SetCursorScreenPos(ImVec2(p.x + 16, ImGui::GetCursorScreenPos().y));
  if (g.errors) {
    ImGui::Text("distance %.1f mm   tilt %.1f deg   handle %+.1f deg", g.errors->position_mm,
                degFromRad(g.errors->tilt_rad), degFromRad(g.errors->handle_rad));
    if (const std::string e = liveFieldLine(model); !e.empty()) {  // issue 29
      ImGui::SameLine(0.0f, 24.0f);
      ImGui::TextUnformatted(e.c_str());
    }
    ImGui::SetCursorScreenPos(ImVec2(p.x + 16, ImGui::GetCursorScreenPos().y));
    if (const auto& c = model.navigation().correction; c && g.state != GuidanceState::OnTarget)
      ImGui::Text("%s", c->c_str());
    if (auto d = model.coilScalpToCortexMm()) {
      ImGui::SetCursorScreenPos(ImVec2(p.x + 16, ImGui::GetCursorScreenPos().y));
      ImGui::Text("scalp to cortex under the coil %.1f mm", *d);
    }
  } else {
    ImGui::Text("%s", g.reason.empty() ? "no coil pose" : g.reason.c_str());
  }
  ImGui::SetCursorScreenPos(
      ImVec2(p.x + 16, p.y + size.y - ImGui::GetTextLineHeightWithSpacing() - 4));
  ImGui::TextUnformatted(registrationLine(model).c_str());
}

}  // namespace tmsnav
