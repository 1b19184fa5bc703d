#pragma once
// Planning panels: presets and atlas pickers, the target list with its compare table,
// and the scalp landmarks. They read the model and append commands only.
#include <vector>

#include "app/gui/app_model.h"
#include "app/gui/panels.h"
#include "app/gui/ui_command.h"

namespace tmsnav {

void presetPickers(const AppModel& model, std::vector<UiCommand>& out);
void targetListSection(const AppModel& model, std::vector<UiCommand>& out);
// The compare view: pairwise scalp distances between all planned targets.
void compareTable(const AppModel& model);
void landmarkSection(const AppModel& model, PanelState& ui, std::vector<UiCommand>& out);

}  // namespace tmsnav
