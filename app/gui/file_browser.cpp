#include "app/gui/file_browser.h"

#include <cstdlib>
#include <filesystem>

#include <imgui.h>

namespace tmsnav {

namespace {
namespace fs = std::filesystem;
}  // namespace

void openFolder(FileBrowserState& s, const std::string& folder) {
  auto list = listForMri(folder);
  if (!list) {
    s.error = list.error();
    return;
  }
  s.folder = fs::absolute(folder).lexically_normal().string();
  s.entries = std::move(*list);
  s.error.clear();
}

void drawFileBrowser(FileBrowserState& s, std::vector<UiCommand>& out) {
  if (!s.open) return;
  if (s.folder.empty()) openFolder(s, fs::current_path().string());
  ImGui::OpenPopup("Open an MRI");
  ImGui::SetNextWindowSize(ImVec2(640, 480), ImGuiCond_Appearing);
  if (!ImGui::BeginPopupModal("Open an MRI", &s.open)) return;
  ImGui::TextWrapped("%s", s.folder.c_str());
  if (ImGui::Button("Up")) openFolder(s, fs::path(s.folder).parent_path().string());
  ImGui::SameLine();
  if (ImGui::Button("Home") && std::getenv("HOME")) openFolder(s, std::getenv("HOME"));
  ImGui::SameLine();
  if (ImGui::Button("Templates")) openFolder(s, "/usr/share/mricron/templates");
  if (!s.error.empty()) ImGui::TextColored(ImVec4(1, 0.4f, 0.4f, 1), "%s", s.error.c_str());
  ImGui::BeginChild("entries", ImVec2(0, -ImGui::GetFrameHeightWithSpacing()), true);
  std::string go_to;
  for (const auto& e : s.entries) {
    const std::string label = e.directory ? (e.dicom ? "[DICOM] " : "[folder] ") + e.name : e.name;
    if (ImGui::Selectable(label.c_str(), false, ImGuiSelectableFlags_AllowDoubleClick)) {
      if (e.directory) go_to = e.path;
      if (!e.directory) {
        out.push_back(CmdLoadMri{e.path, ""});
        s.open = false;
      }
    }
    if (e.dicom && ImGui::BeginPopupContextItem(e.path.c_str())) {
      if (ImGui::MenuItem("Load this DICOM folder")) {
        out.push_back(CmdLoadMri{e.path, ""});
        s.open = false;
      }
      ImGui::EndPopup();
    }
  }
  ImGui::EndChild();
  // Inside a DICOM folder: load it (its T1-like series; the panel then offers the others).
  if (holdsDicom(s.folder)) {
    if (ImGui::Button("Load this DICOM folder")) {
      out.push_back(CmdLoadMri{s.folder, ""});
      s.open = false;
    }
  }
  ImGui::EndPopup();
  if (!go_to.empty()) openFolder(s, go_to);
}

}  // namespace tmsnav
