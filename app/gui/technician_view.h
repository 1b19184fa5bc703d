#pragma once
// The technician's view (issues 14, 30): ImGui 2-D drawing only, no VTK, so it costs the
// same whatever the 3-D view does. It draws an AimView (navigation/technician_display.h,
// where every position, direction and word is computed) into a rectangle laid out for
// it: the state and the pulse counter across the top, the bullseye as large as the height
// allows with its labels outside the rings, the words, the tilt bubble and the depth bar
// beside it, the registration and the pose's age across the bottom. Text that matters is
// at least 1/20 of the height (times the user's text scale).
#include <cstdint>
#include <string>
#include <vector>

#include <imgui.h>
#include <nlohmann/json.hpp>

#include "app/gui/panels.h"
#include "navigation/technician_display.h"

namespace tmsnav {

// What the view needs besides the AimView: the window's state, not the guidance's.
struct TechnicianFrame {
  bool light = false;       // light theme: dark ink on a pale background
  bool heartbeat = false;   // flips every drawn frame: a frozen view stops blinking
  float text_scale = 1.0f;  // Ctrl +/-
  bool navigating = false;  // a tracker runs: the pulse counter is shown
  std::uint64_t pulses = 0;
  double since_pulse_s = 1e9;  // the newest pulse flashes for a moment
  std::string footer;          // the registration's line (valid or not, predicted TRE, age)
  std::string field_line;      // under the words: "E at target 77 V/m (60 %MSO)" (issue 29)
};

// What was drawn, for scripts and tests: every text's rectangle, the bullseye.
struct DrawnText {
  std::string text;
  ImVec2 min, max;
  float size_px = 0.0f;
};
// A gauge's bounding box (the tilt bubble's circle, the depth bar): tests check that no
// text is drawn over one and that each lies inside the view.
struct DrawnShape {
  std::string name;
  ImVec2 min, max;
};
struct TechnicianDrawn {
  std::vector<DrawnText> texts;
  std::vector<DrawnShape> shapes;
  ImVec2 bullseye_centre{0, 0};
  float bullseye_radius_px = 0.0f;  // the outer ring
  ImVec2 origin{0, 0}, size{0, 0};
};

TechnicianDrawn drawTechnicianView(const AimView& v, const Fonts& fonts, ImVec2 origin, ImVec2 size,
                                   const TechnicianFrame& frame);

// The technician's view as drawn (issue 30): dot_mm (screen x right, y down, mm), bubble
// and lean (fractions of the bubble circle's radius, same frame), axis_labels (right,
// down, left, up), corrections (the words shown), the bullseye and every text's rectangle
// in window pixels.
nlohmann::json technicianJson(const AimView& aim, const TechnicianDrawn& drawn);

}  // namespace tmsnav
