#pragma once
// The app window's layout (gui_windows.cpp draws it): sizes shared by the frame loop, the
// windows and the GUI tests' expectations (tests/gui/gui_test_support.h).
#include <imgui.h>

namespace tmsnav {

// The left panel's width is the user's (app_prefs.h: 380 px unless dragged).
constexpr float kBannerHeight = 150.0f;
constexpr float kSliceColumnWidth = 220.0f;      // three stacked slice views on the right
constexpr float kGuidingAimFraction = 0.62f;     // of the width right of the panel
constexpr float kViewButtonsFullWidth = 420.0f;  // narrower 3-D views get short labels
// Windows the layout places: not moved, resized or remembered by ImGui.
constexpr ImGuiWindowFlags kFixed = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                                    ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings;

}  // namespace tmsnav
