#pragma once
// The File menu (in the control panel's menu bar) and the quit confirmation: they read the
// model and emit commands (CmdOpenStudy, CmdSaveStudy, CmdQuit); no domain logic here.
#include <string>
#include <vector>

#include "app/gui/app_model.h"
#include "app/gui/panels.h"
#include "app/gui/ui_command.h"

namespace tmsnav {

// The UI's side of quitting and opening a study by path.
struct MenuState {
  bool open_study = false;            // the "Open study" dialog is asked for
  std::vector<std::string> quit_why;  // non-empty: "Quit anyway?" is showing, with these
};

// File: Open MRI... (the MRI browser), Open study..., Save study (Ctrl+S), Recent, Quit
// (Ctrl+Q). Call inside a window that has ImGuiWindowFlags_MenuBar.
void drawFileMenu(const AppModel& model, PanelState& ui, MenuState& menu,
                  std::vector<UiCommand>& out);
// The dialogs the menu opens: the study path, and the quit confirmation.
void drawMenuDialogs(const AppModel& model, PanelState& ui, MenuState& menu,
                     std::vector<UiCommand>& out);

}  // namespace tmsnav
