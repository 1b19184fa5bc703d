#include "app/gui/gui_main.h"

#include "app/cli/cli_support.h"

namespace tmsnav {
int runGui(const GuiArgs&) { return fail(kExitFailure, "app not built yet"); }
}  // namespace tmsnav
