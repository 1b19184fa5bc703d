#include "app/gui/course_panel.h"

#include <imgui.h>

#include "planning/target_presets.h"

namespace tmsnav {

namespace {
void figure(const char* what, const std::optional<double>& v, const char* unit) {
  if (v)
    ImGui::Text("%s: %.2f %s", what, *v, unit);
  else
    ImGui::Text("%s: -", what);
}

void sessionTable(const CourseReport& r) {
  // Columns as wide as their words, the table scrolled sideways in a narrow panel: a
  // stretched column at the default width cut its header ("sessi...").
  constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg |
                                     ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_ScrollX;
  const float height = ImGui::GetTextLineHeightWithSpacing() * (r.sessions.size() + 2.5f);
  if (!ImGui::BeginTable("course_sessions", 5, kFlags, ImVec2(0, height))) return;
  for (const char* h : {"session", "pulses", "on target", "error mean/95th", "from plan"})
    ImGui::TableSetupColumn(h);
  ImGui::TableHeadersRow();
  for (const auto& s : r.sessions) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(s.label.c_str());
    ImGui::TableNextColumn();
    ImGui::Text("%zu%s", s.pulses, s.measured_from == "samples" ? " (samples)" : "");
    ImGui::TableNextColumn();
    ImGui::Text("%.0f %%", 100.0 * s.on_target_fraction);
    ImGui::TableNextColumn();
    ImGui::Text("%.1f/%.1f mm", s.position_mm.mean, s.position_mm.p95);
    ImGui::TableNextColumn();
    if (s.shift_from_plan_mm)
      ImGui::Text("%.1f mm", *s.shift_from_plan_mm);
    else
      ImGui::TextUnformatted("-");
  }
  ImGui::EndTable();
}
}  // namespace

void courseSection(const AppModel& model, PanelState& ui, std::vector<UiCommand>& out) {
  // The first report opens the section: it was asked for.
  if (model.course().report()) ImGui::SetNextItemOpen(true, ImGuiCond_Once);
  if (!ImGui::CollapsingHeader("Course")) return;
  ImGui::BeginDisabled(!model.tracking());
  ImGui::InputText("##note", ui.note, sizeof ui.note);
  ImGui::SameLine();
  if (ImGui::Button("Add note") && ui.note[0]) {
    out.push_back(CmdNote{ui.note});
    ui.note[0] = '\0';
  }
  ImGui::EndDisabled();
  const CourseSession& c = model.course();
  ImGui::BeginDisabled(c.status() == CourseStatus::Running || model.workflow() != Workflow::Ready);
  if (ImGui::Button("Course report")) out.push_back(CmdRefreshCourse{});
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::BeginDisabled(!c.report());
  if (ImGui::Button("Save report")) out.push_back(CmdSaveCourse{});
  ImGui::EndDisabled();
  if (c.status() == CourseStatus::Running) ImGui::TextUnformatted("Reading the sessions...");
  if (c.status() == CourseStatus::Failed) ImGui::TextWrapped("%s", c.error().c_str());
  const auto& r = c.report();
  if (!r) return;
  ImGui::Text("%zu sessions of %s", r->sessions.size(), r->patient_id.c_str());
  figure("Spread of session centroids (RMS)", r->spread_rms_mm, "mm");
  figure("Angular spread (RMS)", r->angular_spread_deg, "deg");
  figure("Drift", r->drift_mm_per_session, "mm per session");
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  for (const auto& ref : kReferenceFigures)
    ImGui::TextWrapped("%s: %.2f mm, %.2f deg (%s)", ref.what, ref.position_mm, ref.angle_deg,
                       ref.source);
  ImGui::PopStyleColor();
  sessionTable(*r);
  for (const auto& w : r->warnings) ImGui::TextWrapped("Warning: %s", w.c_str());
}

void doseSection(const AppModel& model, std::vector<UiCommand>& out) {
  if (model.dose().motor_threshold_pct_mso > 0) ImGui::SetNextItemOpen(true, ImGuiCond_Once);
  if (!ImGui::CollapsingHeader("Dose by depth")) return;
  const auto& targets = model.targets();
  DoseSettings s = model.dose();  // the model's, so that scripts and the panel agree
  float mt = static_cast<float>(s.motor_threshold_pct_mso);
  float percent = static_cast<float>(s.percent_of_mt);
  bool changed = ImGui::InputFloat("MT (%MSO)", &mt, 1.0f, 5.0f, "%.0f");
  changed |= ImGui::InputFloat("% of MT", &percent, 5.0f, 10.0f, "%.0f");
  const char* m1 = s.m1_target >= 0 && s.m1_target < static_cast<int>(targets.size())
                       ? targets[static_cast<size_t>(s.m1_target)].name.c_str()
                       : "choose";
  if (ImGui::BeginCombo("M1 target", m1)) {
    for (size_t i = 0; i < targets.size(); ++i)
      if (ImGui::Selectable(targets[i].name.c_str(), s.m1_target == static_cast<int>(i))) {
        s.m1_target = static_cast<int>(i);
        changed = true;
      }
    ImGui::EndCombo();
  }
  if (changed) out.push_back(CmdSetDose{{mt, s.m1_target, percent}});
  const TargetPreset& knob = m1HandKnobPreset();
  ImGui::BeginDisabled(model.workflow() != Workflow::Ready || !model.patient() ||
                       !model.patient()->registration);
  if (ImGui::Button("Plan M1 hand knob as the M1 target")) out.push_back(CmdPlanM1HandKnob{});
  ImGui::EndDisabled();
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip("%s\n%s", knob.label.c_str(), knob.source.c_str());
  ImGui::TextWrapped("Preset: %s", knob.label.c_str());
  ImGui::TextWrapped("%s; %s", kDoseFormula, kDoseSource);
  for (const auto& row : model.doseRows()) {
    if (row.dose && !row.dose->refused) {
      ImGui::TextWrapped("%s: %.0f %%MSO (%+.1f mm vs M1)", row.target.c_str(),
                         row.dose->dose_pct_mso, row.dose->depth_difference_mm);
    } else {
      ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.9f, 0.4f, 0.1f, 1.0f));
      ImGui::TextWrapped("%s: %s", row.target.c_str(),
                         row.dose ? row.dose->refused->c_str() : row.problem.c_str());
      ImGui::PopStyleColor();
    }
  }
}

}  // namespace tmsnav
