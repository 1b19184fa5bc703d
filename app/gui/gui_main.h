#pragma once
#include <string>

namespace tmsnav {

struct GuiArgs {
  std::string mri;
  std::string script;         // optional command script (tests, demos)
  bool private_xvfb = false;  // start a private Xvfb instead of using $DISPLAY
  std::string session_dir;    // empty: $XDG_DATA_HOME/tmsnav/sessions
  std::string study;          // a study to reopen instead of the MRI
};

int runGui(const GuiArgs& args);
std::string defaultSessionDir();

}  // namespace tmsnav
