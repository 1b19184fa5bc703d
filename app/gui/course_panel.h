#pragma once
// The course panel (issue 15): notes into the running session, the repeatability of every
// session on this patient beside the published figures, and the depth-adjusted dose at
// each target. It reads the model and appends commands only.
#include <vector>

#include "app/gui/app_model.h"
#include "app/gui/panels.h"
#include "app/gui/ui_command.h"

namespace tmsnav {

void courseSection(const AppModel& model, PanelState& ui, std::vector<UiCommand>& out);
void doseSection(const AppModel& model, std::vector<UiCommand>& out);

}  // namespace tmsnav
