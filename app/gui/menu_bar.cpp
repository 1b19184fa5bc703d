#include "app/gui/menu_bar.h"

#include <imgui.h>

namespace tmsnav {

void drawFileMenu(const AppModel& model, PanelState& ui, MenuState& menu,
                  std::vector<UiCommand>& out) {
  if (!ImGui::BeginMenuBar()) return;
  if (ImGui::BeginMenu("File")) {
    if (ImGui::MenuItem("Open MRI...")) ui.browse = true;
    if (ImGui::MenuItem("Open study...")) menu.open_study = true;
    if (ImGui::MenuItem("Save study", "Ctrl+S", false, model.workflow() == Workflow::Ready))
      out.push_back(CmdSaveStudy{""});
    const auto recent = model.study().recent();
    if (ImGui::BeginMenu("Recent studies", !recent.empty())) {
      for (const auto& p : recent)
        if (ImGui::MenuItem(p.c_str())) out.push_back(CmdOpenStudy{p});
      ImGui::EndMenu();
    }
    ImGui::Separator();
    if (ImGui::MenuItem("Quit", "Ctrl+Q")) out.push_back(CmdQuit{false});
    ImGui::EndMenu();
  }
  ImGui::EndMenuBar();
}

namespace {
void studyDialog(PanelState& ui, MenuState& menu, std::vector<UiCommand>& out) {
  if (menu.open_study) ImGui::OpenPopup("Open study");
  menu.open_study = false;
  ImGui::SetNextWindowSize(ImVec2(560, 0), ImGuiCond_Appearing);
  if (!ImGui::BeginPopupModal("Open study", nullptr, ImGuiWindowFlags_NoSavedSettings)) return;
  ImGui::TextUnformatted("Study file (.json):");
  ImGui::SetNextItemWidth(-1);
  const bool enter = ImGui::InputText("##path", ui.study_path, sizeof ui.study_path,
                                      ImGuiInputTextFlags_EnterReturnsTrue);
  if (ImGui::Button("Open") || enter) {
    out.push_back(CmdOpenStudy{ui.study_path});
    ImGui::CloseCurrentPopup();
  }
  ImGui::SameLine();
  if (ImGui::Button("Cancel")) ImGui::CloseCurrentPopup();
  ImGui::EndPopup();
}

void quitDialog(MenuState& menu, std::vector<UiCommand>& out) {
  if (menu.quit_why.empty()) return;
  ImGui::OpenPopup("Quit tmsnav?");
  if (!ImGui::BeginPopupModal("Quit tmsnav?", nullptr, ImGuiWindowFlags_AlwaysAutoResize))
    return;
  for (const auto& why : menu.quit_why) ImGui::BulletText("%s", why.c_str());
  if (ImGui::Button("Quit anyway")) {
    out.push_back(CmdQuit{true});
    menu.quit_why.clear();
    ImGui::CloseCurrentPopup();
  }
  ImGui::SameLine();
  if (ImGui::Button("Cancel")) {
    menu.quit_why.clear();
    ImGui::CloseCurrentPopup();
  }
  ImGui::EndPopup();
}
}  // namespace

void drawMenuDialogs(const AppModel&, PanelState& ui, MenuState& menu,
                     std::vector<UiCommand>& out) {
  studyDialog(ui, menu, out);
  quitDialog(menu, out);
}

}  // namespace tmsnav
