#pragma once
#include <string>

namespace tmsnav {

struct GuiArgs {
  std::string mri;
  std::string script;        // optional command script (tests, demos)
  bool private_xvfb = false; // start a private Xvfb instead of using $DISPLAY
};

int runGui(const GuiArgs& args);

}  // namespace tmsnav
