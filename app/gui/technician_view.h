#pragma once
// The technician's view (issue 14): ImGui 2-D drawing only, no VTK, so it costs the same
// whatever the 3-D view does. It draws an AimView (navigation/technician_display.h) into a
// rectangle: bullseye, coil dot and trail, handle, tilt bubble, depth bar, the words of
// the correction, large enough to read from two metres.
#include <string>

#include <imgui.h>

#include "app/gui/panels.h"
#include "navigation/technician_display.h"

namespace tmsnav {

struct TechnicianStyle {
  bool light = false;  // light theme: dark ink on a pale background
};

// heartbeat flips every drawn frame: a frozen view stops blinking.
// footer: the registration's line (valid or not, predicted TRE, age), always shown.
void drawTechnicianView(const AimView& v, const Fonts& fonts, ImVec2 origin, ImVec2 size,
                        bool heartbeat, const TechnicianStyle& style, const std::string& footer);

}  // namespace tmsnav
