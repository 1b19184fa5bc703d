#pragma once
// The app's keyboard shortcuts, listed once: the help overlay (F1) and the tooltips read
// this table, and GuiApp::keyboard acts on the same keys.
#include <vector>

namespace tmsnav {

struct Shortcut {
  const char* keys;
  const char* what;
};

const std::vector<Shortcut>& shortcuts();

}  // namespace tmsnav
