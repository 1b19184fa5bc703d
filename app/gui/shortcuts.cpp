#include "app/gui/shortcuts.h"

namespace tmsnav {

const std::vector<Shortcut>& shortcuts() {
  static const std::vector<Shortcut> keys = {
      {"F1 or ?", "this help"},
      {"T", "technician view alone (full window) / back"},
      {"G", "guiding layout: technician view beside the 3-D view / planning layout"},
      {"F5", "start or stop tracking (the source chosen in the panel)"},
      {"PgDn / PgUp", "next / previous target"},
      {"Ctrl+Z", "undo a planning edit"},
      {"Ctrl+Shift+Z", "redo"},
      {"Ctrl+S", "save the study now (it is also saved after every change)"},
      {"Ctrl+Q", "quit (asks first if tracking runs or something is not saved)"},
      {"1 2 3 4", "3-D view from the front, left, right, top"},
      {"5 / 6", "3-D view down the coil's axis / following the coil"},
      {"0", "3-D view of the target (the camera otherwise stays where you put it)"},
      {"Ctrl+ + / Ctrl+ -", "larger / smaller text (Ctrl+0: normal)"},
      {"L", "light or dark technician view"},
      {"F12", "screenshot of the window (PNG in the session folder)"},
      {"Space", "a stimulator pulse: journaled with the coil pose now (or 'not tracked')"},
  };
  return keys;
}

}  // namespace tmsnav
