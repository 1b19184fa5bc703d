#pragma once
// The registration wizard's panel: the steps, what to do now, the step's figure, and
// accept / redo / skip. It reads the wizard and sends commands; the wizard decides.
#include <vector>

#include "app/gui/app_model.h"
#include "app/gui/panels.h"
#include "app/gui/ui_command.h"

namespace tmsnav {

// In the control panel: start the wizard; save the registration.
void wizardSection(const AppModel& model, PanelState& ui, std::vector<UiCommand>& out);
// Docked where it covers no live guidance (gui_app.cpp places it: over the 3-D view,
// beside the technician's view) while the wizard runs, and once it is done, until closed.
void drawWizardWindow(const AppModel& model, const Fonts& fonts, const ImVec2& at, float width,
                      std::vector<UiCommand>& out);

}  // namespace tmsnav
