#pragma once
// Dear ImGui panels: they read the model and append commands. No domain logic here.
#include <vector>

#include <imgui.h>

#include "app/gui/app_model.h"
#include "app/gui/ui_command.h"

namespace tmsnav {

struct Fonts {
  ImFont* body = nullptr;
  ImFont* big = nullptr;  // guidance banner and technician view; null = scale the body font
};

// What the window shows: planning (3-D view, slices, banner), guiding (the technician's
// view beside the 3-D view) or the technician's view alone (full window).
enum class Layout { Planning, Guiding, Technician };

// Text buffers and toggles that belong to the UI, not to the domain.
struct PanelState {
  char mri_path[1024] = {};
  float target_ras[3] = {-38.0f, 44.0f, 26.0f};
  float target_mni[3] = {-38.0f, 44.0f, 26.0f};
  char target_spec[256] = "10-20:F3";
  bool pick_mode = false;
  int click_gives = 0;  // 0 the scalp point, 1 the cortex beneath it
  bool show_scalp = true;
  bool scalp_depth_colours = false;
  int landmark = 0;  // nasion, inion, lpa, rpa
  float landmark_ras[3] = {0.0f, 0.0f, 0.0f};
  bool pick_landmark = false;
  int source = 0;  // 0 simulated, 1 OpenIGTLink, 2 recording
  char igtl_address[256] = "127.0.0.1:18944";
  char replay_path[1024] = {};
  float replay_speed = 1.0f;
  char registration_path[1024] = {};
  char save_registration_path[1024] = "registration.json";
  Layout layout = Layout::Planning;
  bool help = false;
  char study_path[1024] = {};
  bool browse = false;  // the file browser is asked for
  char note[256] = {};
};

void drawControlPanel(const AppModel& model, PanelState& ui, std::vector<UiCommand>& out);
// One line that is always on screen: is there a registration, does it still hold, its
// predicted TRE at the active target and its age.
std::string registrationLine(const AppModel& model);
// What "Start tracking" (and F5) asks for: the source chosen in the panel.
UiCommand startTrackingCommand(const PanelState& ui);
// One light per tool. A missing pointer while none is asked for (pointer_needed false:
// plain coil tracking) is grey "not in use", not a red alarm.
void drawToolStatus(const NavigationSnapshot& nav, bool pointer_needed = true);
void drawGuidanceBanner(const AppModel& model, const Fonts& fonts);

}  // namespace tmsnav
