#include "app/gui/stimulation_panel.h"

#include <imgui.h>

#include "app/gui/field_view.h"

namespace tmsnav {

void stimulationSection(const AppModel& model, std::vector<UiCommand>& out) {
  if (!ImGui::CollapsingHeader("Stimulation (E-field)")) return;
  StimulationSettings s = model.stimulation();
  float pct = static_cast<float>(s.intensity_pct_mso);
  ImGui::BeginDisabled(model.tracking());  // journaled per session: fixed while it runs
  ImGui::SetNextItemWidth(120);
  if (ImGui::InputFloat("intensity (%MSO)", &pct, 1.0f, 5.0f, "%.0f",
                        ImGuiInputTextFlags_EnterReturnsTrue)) {
    s.intensity_pct_mso = pct;
    out.push_back(CmdSetStimulation{s});
  }
  ImGui::EndDisabled();
  ImGui::TextWrapped(
      "coil %s; the live map colours the cortex within 40 mm of the point under "
      "the coil by |E| while the pose is usable.",
      s.coil.c_str());
  const std::string line = liveFieldLine(model);
  if (!line.empty()) ImGui::TextWrapped("%s", line.c_str());
}

}  // namespace tmsnav
