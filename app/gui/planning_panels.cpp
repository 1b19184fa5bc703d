#include "app/gui/planning_panels.h"

#include <cstdio>

#include <imgui.h>

#include "core/coords.h"
#include "planning/target_presets.h"

namespace tmsnav {

namespace {
void presetCombo(const char* label, const std::vector<TargetPreset>& presets,
                 std::vector<UiCommand>& out) {
  if (!ImGui::BeginCombo(label, "choose...")) return;
  for (const auto& p : presets) {
    if (ImGui::Selectable(p.label.c_str())) out.push_back(CmdSetTargetSpec{p.spec});
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s\n%s", p.spec.c_str(), p.source.c_str());
  }
  ImGui::EndCombo();
}

const char* const kLandmarks[] = {"nasion", "inion", "lpa", "rpa"};
}  // namespace

void presetPickers(const AppModel& model, std::vector<UiCommand>& out) {
  const bool ready = model.workflow() == Workflow::Ready;
  const bool have_mni = ready && model.patient() && model.patient()->registration;
  ImGui::BeginDisabled(!have_mni);
  presetCombo("MNI preset", mniPresets(), out);
  presetCombo("Atlas region", atlasPresets(), out);
  if (ImGui::Button("Compare left-DLPFC methods")) out.push_back(CmdCompareDlpfc{});
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip(
        "Plans MNI (Fox 2012), BA9, BA46, AAL middle frontal and 10-20 F3 on "
        "this head and lists how far apart their scalp positions are");
  ImGui::EndDisabled();
}

void targetListSection(const AppModel& model, std::vector<UiCommand>& out) {
  const auto& targets = model.targets();
  if (targets.empty()) return;
  if (!ImGui::CollapsingHeader("Targets", ImGuiTreeNodeFlags_DefaultOpen)) return;
  for (size_t i = 0; i < targets.size(); ++i) {
    char label[160];
    std::snprintf(label, sizeof label, "%zu %s  (depth %.0f mm)##t%zu", i + 1,
                  targets[i].name.c_str(), targets[i].scalp_to_cortex_mm.value_or(0.0), i);
    if (ImGui::Selectable(label, i == model.activeTarget())) out.push_back(CmdSelectTarget{i});
  }
  if (ImGui::Button("Remove selected")) out.push_back(CmdRemoveTarget{model.activeTarget()});
}

void compareTable(const AppModel& model) {
  const auto& targets = model.targets();
  const int n = static_cast<int>(targets.size());
  ImGui::TextUnformatted("Scalp distance between the targets' entry points (mm)");
  if (!ImGui::BeginTable("compare", n + 1,
                         ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit))
    return;
  ImGui::TableSetupColumn("target");
  for (int c = 0; c < n; ++c) ImGui::TableSetupColumn(std::to_string(c + 1).c_str());
  ImGui::TableHeadersRow();
  const auto d = entryDistancesMm(targets);
  for (int r = 0; r < n; ++r) {
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    ImGui::Text("%d %s", r + 1, targets[r].name.c_str());
    for (int c = 0; c < n; ++c) {
      ImGui::TableSetColumnIndex(c + 1);
      if (r == c)
        ImGui::TextDisabled("-");
      else
        ImGui::Text("%5.1f", d[r][c]);
    }
  }
  ImGui::EndTable();
}

void landmarkSection(const AppModel& model, PanelState& ui, std::vector<UiCommand>& out) {
  if (model.workflow() != Workflow::Ready) return;
  if (!ImGui::CollapsingHeader("Scalp landmarks")) return;
  const auto landmarks = model.landmarks();
  if (landmarks.empty()) ImGui::TextDisabled("Detected when a scalp rule is first used");
  for (const auto& [name, p] : landmarks) {
    const Eigen::Vector3d ras = rasFromLps(p);
    ImGui::Text("%-7s %6.1f %6.1f %6.1f", name.c_str(), ras.x(), ras.y(), ras.z());
  }
  if (const auto b = model.beamF3()) {  // what a tape on this head would read, in cm
    ImGui::TextWrapped(
        "Beam F3 tape: tragus-tragus %.1f cm, nasion-inion %.1f cm, circumference %.1f cm; "
        "X %.2f cm, Y %.2f cm (adjusted %.2f cm)",
        b->tragus_tragus_mm / 10, b->nasion_inion_mm / 10, b->circumference_mm / 10,
        b->distances.along_circumference_mm / 10, b->distances.from_vertex_mm / 10,
        (b->distances.from_vertex_mm + kBeamF3AdjustmentMm) / 10);
  }
  ImGui::Combo("Landmark", &ui.landmark, kLandmarks, 4);
  ImGui::InputFloat3("RAS##landmark", ui.landmark_ras, "%.1f");
  if (ImGui::Button("Set landmark"))
    out.push_back(CmdSetLandmark{
        kLandmarks[ui.landmark],
        Eigen::Vector3d(ui.landmark_ras[0], ui.landmark_ras[1], ui.landmark_ras[2])});
  if (ImGui::Checkbox("Place it by clicking the scalp", &ui.pick_landmark))
    out.push_back(
        CmdSetPickMode{ui.pick_landmark, ui.pick_landmark ? kLandmarks[ui.landmark] : ""});
}

}  // namespace tmsnav
