#pragma once
// Dear ImGui panels: they read the model and append commands. No domain logic here.
#include <vector>

#include <imgui.h>

#include "app/gui/app_model.h"
#include "app/gui/ui_command.h"

namespace tmsnav {

struct Fonts {
  ImFont* body = nullptr;
  ImFont* big = nullptr;  // guidance banner; null = scale the body font
};

// Text buffers and toggles that belong to the UI, not to the domain.
struct PanelState {
  char mri_path[1024] = {};
  float target_ras[3] = {-38.0f, 44.0f, 26.0f};
  bool pick_mode = false;
};

void drawControlPanel(const AppModel& model, PanelState& ui, std::vector<UiCommand>& out);
void drawGuidanceBanner(const AppModel& model, const Fonts& fonts);

}  // namespace tmsnav
