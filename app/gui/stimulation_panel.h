#pragma once
// The Stimulation panel (issue 29): the next session's intensity and coil/stimulator pair,
// journaled per session; the live E-field map's state. Reads the model, emits commands.
#include <vector>

#include "app/gui/app_model.h"
#include "app/gui/ui_command.h"

namespace tmsnav {

void stimulationSection(const AppModel& model, std::vector<UiCommand>& out);

}  // namespace tmsnav
