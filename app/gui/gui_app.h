#pragma once
// The app's frame loop: input -> model tick -> panels -> commands -> 3-D view -> present.
#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "app/gui/app_model.h"
#include "app/gui/field_view.h"
#include "app/gui/file_browser.h"
#include "app/gui/frame_stats.h"
#include "app/gui/menu_bar.h"
#include "app/gui/panels.h"
#include "app/gui/scene_renderer.h"
#include "app/gui/script_runner.h"
#include "app/gui/slice_views.h"
#include "app/gui/technician_view.h"

struct GLFWwindow;

namespace tmsnav {

class GuiApp {
 public:
  GuiApp(GLFWwindow* window, AppModel& model, SceneRenderer& scene, Fonts fonts,
         ScriptRunner* script, std::function<double()> now_s);
  ~GuiApp();
  int run();  // until the window closes or the script quits; returns the exit code
  // A file or folder dropped on the window: load it.
  void dropped(const std::string& path);

 private:
  void drawFrame(std::vector<UiCommand>& commands);
  void drawCompareView(const ImVec2& display);
  void drawViewport(std::vector<UiCommand>& commands);
  void drawSceneWindow(const ImVec2& at, const ImVec2& size, std::vector<UiCommand>& commands);
  void drawTechnicianWindow(const ImVec2& at, const ImVec2& size);
  void drawHelp(const ImVec2& display);
  void drawSplitter(const ImVec2& display);
  // Kept between the minimum and 60 % of the window; remember: written to app-settings.json.
  void setPanelWidth(float width, float display_width, bool remember);
  nlohmann::json panelJson() const;
  void keyboard(std::vector<UiCommand>& commands);
  void forwardMouse(double x, double y, double w, double h, std::vector<UiCommand>& commands);
  void apply(const UiCommand& command);
  void pick(const CmdPickAt& c);
  void syncScene();
  void drawErrorDialog();
  void drawViewButtons(const ImVec2& origin, std::vector<UiCommand>& commands);
  nlohmann::json cameraJson() const;
  nlohmann::json coilJson() const;
  // The idle loop (issue 31): sleep in GLFW until input, a wake (a job, the 3-D view, a
  // worker), the script or the heartbeat; draw only when something on screen may change.
  bool continuous() const;
  void waitForWork();
  bool wantsFrame(bool script_ran, bool have_commands);
  std::string screenSignature() const;
  void installInputCallbacks();

  std::vector<UiCommand> pending_;  // from callbacks outside the frame (drag and drop)
  // Every key press GLFW reported since the last frame, in order, each handled once:
  // a press and release within one frame (a foot pedal, a keystroke emulator) still counts.
  struct KeyPress {
    int key;
    int mods;
  };
  std::vector<KeyPress> key_presses_;
  void handleKey(const KeyPress& k, std::vector<UiCommand>& commands, StudySettings& settings);
  // The technician's view as last drawn (scripts read it), and the pulse flash.
  TechnicianDrawn technician_drawn_;
  AimView technician_aim_;  // the AimView drawn: the words in write_state are the ones shown
  std::uint64_t pulses_seen_ = 0;
  double pulse_at_s_ = -1e9;

  GLFWwindow* window_;
  AppModel& model_;
  SceneRenderer& scene_;
  // Results the render thread sends back (a pick becomes a target or a landmark).
  std::mutex inbox_mutex_;
  std::vector<UiCommand> inbox_;
  std::optional<Eigen::Isometry3d> posted_coil_;
  GuidanceState posted_state_ = GuidanceState::NotTracking;
  bool posted_coil_once_ = false;
  Fonts fonts_;
  ScriptRunner* script_;
  std::function<double()> now_s_;
  PanelState panel_;
  float panel_width_;        // the left panel, resizable by its grip (app_prefs.h)
  std::string prefs_path_;   // app-settings.json beside the recent-studies list
  SliceViews slices_;
  std::uint64_t synced_revision_ = ~0ULL;
  std::uint64_t synced_digitised_ = 0;  // RegistrationSession::digitisedVersion sent
  std::string error_message_;
  bool pick_mode_ = false;
  bool heartbeat_ = false;
  int picks_pending_ = 0;
  FrameStats stats_;
  FieldMapSync field_sync_;
  bool spin_scene_ = false;
  FileBrowserState browser_;
  std::uint64_t ui_frames_ = 0;
  StudySettings synced_settings_;
  std::string screenshot_path_;  // taken after this frame is drawn
  bool was_tracking_ = false;
  std::string pick_landmark_;  // the landmark a click places, or empty for the target
  bool click_beneath_ = false;  // a target click gives the cortex beneath the scalp point
  // Set from any thread (jobs, the 3-D view, workers through AppModel::requestRedraw)
  // together with glfwPostEmptyEvent; shared so a late wake never touches a dead GuiApp.
  std::shared_ptr<std::atomic<bool>> wake_ = std::make_shared<std::atomic<bool>>(true);
  bool input_seen_ = true;       // a GLFW input or window event since the last frame
  double linger_until_s_ = 0.0;  // after input: keep drawing (ImGui settles over frames)
  std::uint64_t drawn_scene_serial_ = 0;
  std::string drawn_signature_;
  std::uint64_t wakes_ = 0;
  bool followup_ = false;
  MenuState menu_;
  bool compare_open_ = true;  // the Compare window (its close button)
  size_t compare_seen_ = 0;   // targets when last drawn: more reopen it
  bool quit_ = false;  // confirmed: the loop ends
  // The scalp the camera was last aimed at: only a new patient re-aims it (issue 31).
  const void* aimed_scalp_ = nullptr;
  // The layout before tracking brought up the guiding one: restored on stop.
  std::optional<Layout> layout_before_tracking_;  // draw one frame after a change (ImGui lays out a frame late)
  // ImGui's callbacks, chained by ours (which only note that input arrived).
  void (*prev_cursor_pos_)(GLFWwindow*, double, double) = nullptr;
  void (*prev_mouse_button_)(GLFWwindow*, int, int, int) = nullptr;
  void (*prev_scroll_)(GLFWwindow*, double, double) = nullptr;
  void (*prev_char_)(GLFWwindow*, unsigned int) = nullptr;
  void (*prev_focus_)(GLFWwindow*, int) = nullptr;
  void (*prev_cursor_enter_)(GLFWwindow*, int) = nullptr;
};

// Writes the current back buffer (after ImGui drew) to a PNG.
Result<Done> saveFramebufferPng(int width, int height, const std::string& path);

}  // namespace tmsnav
