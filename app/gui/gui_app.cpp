#include "app/gui/gui_app.h"

#include <GL/glew.h>
#include <GLFW/glfw3.h>
#include <stb_image_write.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <ctime>
#include <iostream>
#include <thread>

#include "app/gui/field_view.h"
#include "app/gui/file_browser.h"
#include "app/gui/planning_panels.h"
#include "app/gui/shortcuts.h"
#include "app/gui/technician_view.h"
#include "app/gui/wizard_panel.h"
#include "app/host_port.h"
#include "backends/imgui_impl_glfw.h"
#include "backends/imgui_impl_opengl3.h"
#include "core/atomic_file.h"
#include "core/coords.h"

#include <vtkCamera.h>

namespace tmsnav {

namespace {
constexpr float kPanelWidth = 380.0f;
constexpr float kBannerHeight = 150.0f;
constexpr float kSliceColumnWidth = 220.0f;   // three stacked slice views on the right
constexpr float kGuidingAimFraction = 0.62f;  // of the width right of the panel
constexpr double kScreenshotSyncS = 2.0;
constexpr double kMaxUiHz = 75.0;  // above the technician view's goal of 60
constexpr double kGuidingUiHz = 30.0;
constexpr float kViewButtonsFullWidth = 420.0f;  // narrower 3-D views get short labels
// Idle, the loop wakes this often to compare what the screen shows with what it would
// show now. A pose is only ever shown while tracking, and tracking is never idle (every
// pass draws and judges the pose's age), so no pose waits out a heartbeat (staleAfterS
// can be 0.1 s); the heartbeat catches anything else that changes unannounced.
constexpr double kHeartbeatS = 0.25;
constexpr double kBusyUiHz = 10.0;     // a job's progress bar, while nothing else moves
constexpr double kInputLingerS = 0.5;  // after input: hover, popups and tooltips settle

// The app's CPU time, all threads (benchmarks: idle_cpu_pct).
double processCpuSeconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

std::string timestampForFile() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  localtime_r(&t, &tm);
  char s[32];
  std::strftime(s, sizeof s, "%Y%m%d-%H%M%S", &tm);
  return s;
}
constexpr ImGuiWindowFlags kFixed = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                                    ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings;
}  // namespace

GuiApp::GuiApp(GLFWwindow* window, AppModel& model, SceneRenderer& scene, Fonts fonts,
               ScriptRunner* script, std::function<double()> now_s)
    : window_(window),
      model_(model),
      scene_(scene),
      fonts_(fonts),
      script_(script),
      now_s_(std::move(now_s)) {
  std::strncpy(panel_.mri_path, model.mriPath().c_str(), sizeof panel_.mri_path - 1);
  glfwSetWindowUserPointer(window_, this);
  glfwSetDropCallback(window_, [](GLFWwindow* w, int count, const char** paths) {
    if (count > 0) static_cast<GuiApp*>(glfwGetWindowUserPointer(w))->dropped(paths[0]);
  });
  // ImGui installed its callbacks first; this one replaces its key callback and calls it.
  glfwSetKeyCallback(window_, [](GLFWwindow* w, int key, int scancode, int action, int mods) {
    ImGui_ImplGlfw_KeyCallback(w, key, scancode, action, mods);
    auto* app = static_cast<GuiApp*>(glfwGetWindowUserPointer(w));
    app->input_seen_ = true;
    if (action == GLFW_PRESS) app->key_presses_.push_back({key, mods});
  });
  installInputCallbacks();
  // The window's close button asks like File > Quit when something would be lost.
  glfwSetWindowCloseCallback(window_, [](GLFWwindow* w) {
    auto* a = static_cast<GuiApp*>(glfwGetWindowUserPointer(w));
    glfwSetWindowShouldClose(w, GLFW_FALSE);
    a->pending_.push_back(CmdQuit{false});
    a->input_seen_ = true;
  });
  // Wakes from other threads: the flag says a frame is wanted, the empty event ends the wait.
  auto wake = [flag = wake_] {
    flag->store(true);
    glfwPostEmptyEvent();
  };
  model_.setRedrawHook(wake);
  scene_.setOnPublish(wake);
}

GuiApp::~GuiApp() {
  model_.setRedrawHook({});
  scene_.setOnPublish({});
}

// Every input and window event marks a frame as wanted, then goes on to ImGui's callback.
void GuiApp::installInputCallbacks() {
  prev_cursor_pos_ = glfwSetCursorPosCallback(window_, [](GLFWwindow* w, double x, double y) {
    auto* a = static_cast<GuiApp*>(glfwGetWindowUserPointer(w));
    a->input_seen_ = true;
    if (a->prev_cursor_pos_) a->prev_cursor_pos_(w, x, y);
  });
  prev_mouse_button_ =
      glfwSetMouseButtonCallback(window_, [](GLFWwindow* w, int button, int action, int mods) {
        auto* a = static_cast<GuiApp*>(glfwGetWindowUserPointer(w));
        a->input_seen_ = true;
        if (a->prev_mouse_button_) a->prev_mouse_button_(w, button, action, mods);
      });
  prev_scroll_ = glfwSetScrollCallback(window_, [](GLFWwindow* w, double x, double y) {
    auto* a = static_cast<GuiApp*>(glfwGetWindowUserPointer(w));
    a->input_seen_ = true;
    if (a->prev_scroll_) a->prev_scroll_(w, x, y);
  });
  prev_char_ = glfwSetCharCallback(window_, [](GLFWwindow* w, unsigned int c) {
    auto* a = static_cast<GuiApp*>(glfwGetWindowUserPointer(w));
    a->input_seen_ = true;
    if (a->prev_char_) a->prev_char_(w, c);
  });
  prev_focus_ = glfwSetWindowFocusCallback(window_, [](GLFWwindow* w, int focused) {
    auto* a = static_cast<GuiApp*>(glfwGetWindowUserPointer(w));
    a->input_seen_ = true;
    if (a->prev_focus_) a->prev_focus_(w, focused);
  });
  prev_cursor_enter_ = glfwSetCursorEnterCallback(window_, [](GLFWwindow* w, int entered) {
    auto* a = static_cast<GuiApp*>(glfwGetWindowUserPointer(w));
    a->input_seen_ = true;
    if (a->prev_cursor_enter_) a->prev_cursor_enter_(w, entered);
  });
  // Not ImGui's: a resized or uncovered window is drawn again.
  glfwSetFramebufferSizeCallback(window_, [](GLFWwindow* w, int, int) {
    static_cast<GuiApp*>(glfwGetWindowUserPointer(w))->input_seen_ = true;
  });
  glfwSetWindowRefreshCallback(window_, [](GLFWwindow* w) {
    static_cast<GuiApp*>(glfwGetWindowUserPointer(w))->input_seen_ = true;
  });
}

int GuiApp::run() {
  while (!glfwWindowShouldClose(window_)) {
    const double frame_start = now_s_();
    waitForWork();
    ++wakes_;
    model_.tick();
    syncScene();
    std::vector<UiCommand> commands = std::move(pending_);
    pending_.clear();
    {
      std::lock_guard lock(inbox_mutex_);
      for (auto& c : inbox_) commands.push_back(std::move(c));
      inbox_.clear();
    }
    ScriptOutcome scripted;
    bool script_ran = false;
    if (script_) {
      const char* layouts[] = {"planning", "guiding", "technician"};
      ViewState view{picks_pending_, scene_.frozen(), scene_.framesRendered(), ui_frames_,
                     wakes_, processCpuSeconds(), now_s_(),
                     layouts[static_cast<int>(panel_.layout)]};
      view.quit_asked = !menu_.quit_why.empty();
      view.camera = cameraJson();
      view.coil = coilJson();
      stats_.fill(view, now_s_(), scene_.framesRendered());
      view.technician = technicianJson(technician_aim_, technician_drawn_);
      // A line ran (the script moved on or acts now): draw it, whatever it was.
      script_ran = script_->idleForS(now_s_()) == 0.0;
      scripted = script_->step(model_, view, now_s_());
      if (scripted.freeze_scene_s) scene_.freeze(*scripted.freeze_scene_s);
      if (scripted.stats_reset) stats_.reset(now_s_(), scene_.framesRendered());
      if (scripted.spin_scene) spin_scene_ = *scripted.spin_scene;
      if (scripted.window_size)
        glfwSetWindowSize(window_, scripted.window_size->first, scripted.window_size->second);
      if (scripted.browse) {
        openFolder(browser_, *scripted.browse);
        browser_.open = true;
      }
      commands.insert(commands.end(), scripted.commands.begin(), scripted.commands.end());
    }
    // Guidance is what matters once a tracker runs: its view comes up by itself, and the
    // planning layout (slices, 3-D view) comes back when tracking stops.
    if (model_.tracking() && !was_tracking_ && panel_.layout == Layout::Planning) {
      layout_before_tracking_ = panel_.layout;
      panel_.layout = Layout::Guiding;
    }
    if (!model_.tracking() && was_tracking_ && layout_before_tracking_) {
      if (panel_.layout == Layout::Guiding) panel_.layout = *layout_before_tracking_;
      layout_before_tracking_.reset();
    }
    was_tracking_ = model_.tracking();
    keyboard(commands);
    const bool draw = wantsFrame(script_ran || scripted.screenshot.has_value() ||
                                     scripted.exit_code.has_value(),
                                 !commands.empty());
    if (draw) {
      // A screenshot shows the 3-D view as it is now, not a frame behind (unless the render
      // thread is stuck: then the rest of the window is still worth having).
      if (scripted.screenshot) (void)scene_.sync(kScreenshotSyncS);
      if (spin_scene_)
        scene_.post([](Scene& scene, FramebufferView&) {
          scene.renderer()->GetActiveCamera()->Azimuth(1.0);
        });
      drawn_scene_serial_ = scene_.latest().serial;
      drawn_signature_ = screenSignature();
      drawFrame(commands);
      ++ui_frames_;
      stats_.frame(now_s_(), model_.aim().pose_age_s);
    }
    for (const auto& c : commands) apply(c);
    if (!commands.empty()) wake_->store(true);  // what they changed is drawn next
    if (draw && scripted.screenshot) {
      int w = 0, h = 0;
      glfwGetFramebufferSize(window_, &w, &h);
      if (auto r = saveFramebufferPng(w, h, *scripted.screenshot); !r) {
        std::cerr << "error: " << r.error() << std::endl;
        return 1;
      }
    }
    if (draw && !screenshot_path_.empty()) {
      int w = 0, h = 0;
      glfwGetFramebufferSize(window_, &w, &h);
      if (auto r = saveFramebufferPng(w, h, screenshot_path_); !r) error_message_ = r.error();
      screenshot_path_.clear();
    }
    if (draw) glfwSwapBuffers(window_);
    if (scripted.exit_code) return *scripted.exit_code;
    if (quit_) {
      if (model_.tracking()) (void)model_.stopTracking();  // its journal is closed properly
      return 0;
    }
    if (!draw) continue;
    // No display syncs Xvfb: without a cap the UI would take a whole core from the 3-D view.
    // Beside a moving 3-D view the two share two cores: 30 Hz still shows every pose
    // within ~50 ms and leaves the scene its 20 frames a second.
    const double cap = panel_.layout == Layout::Guiding ? kGuidingUiHz : kMaxUiHz;
    const double next = frame_start + 1.0 / cap;
    const double left = next - now_s_();
    if (left > 0) std::this_thread::sleep_for(std::chrono::duration<double>(left));
  }
  return 0;
}

// Drawing every frame: tracking (a pose ages every moment; staleness is judged each
// frame), the camera spinning, or input in the last moments.
bool GuiApp::continuous() const {
  return model_.tracking() || spin_scene_ || now_s_() < linger_until_s_;
}

// Polls while drawing continuously; otherwise sleeps in GLFW until an event, a wake from
// another thread, the script's next step, a job's progress poll, or the heartbeat.
void GuiApp::waitForWork() {
  if (continuous() || followup_ || wake_->load() || input_seen_) {
    glfwPollEvents();
    return;
  }
  double timeout = kHeartbeatS;
  if (model_.busy()) timeout = std::min(timeout, 1.0 / kBusyUiHz);
  if (script_) timeout = std::min(timeout, script_->idleForS(now_s_()));
  if (timeout <= 0.0)
    glfwPollEvents();
  else
    glfwWaitEventsTimeout(timeout);
}

// Whether this pass draws. Idle (nothing moving, no input, no job) nothing is drawn: the
// heartbeat only checks that what the screen shows is still what it would show.
bool GuiApp::wantsFrame(bool script_ran, bool have_commands) {
  bool want = script_ran || have_commands || continuous() || model_.busy();
  if (input_seen_) {
    input_seen_ = false;
    linger_until_s_ = now_s_() + kInputLingerS;
    want = true;
  }
  if (wake_->exchange(false)) want = true;
  if (scene_.latest().serial != drawn_scene_serial_) want = true;
  if (screenSignature() != drawn_signature_) want = true;
  // One more frame after any change: ImGui sizes auto-resized windows a frame late.
  if (want) {
    followup_ = true;
  } else if (followup_) {
    followup_ = false;
    want = true;
  }
  return want;
}

// What the screen shows that can change without input or a wake: compared at each
// heartbeat, so a change is drawn within kHeartbeatS even if no one woke the loop.
std::string GuiApp::screenSignature() const {
  const NavigationSnapshot& nav = model_.navigation();
  std::string s = std::to_string(static_cast<int>(model_.workflow()));
  s += '|' + std::to_string(model_.revision());
  s += '|' + std::to_string(static_cast<int>(model_.tracking()));
  s += '|' + std::to_string(static_cast<int>(nav.guidance.state));
  s += '|' + std::to_string(nav.pulses);
  s += '|' + std::to_string(static_cast<int>(model_.registration().status()));
  s += '|' + std::to_string(model_.registration().digitisedVersion());
  s += '|' + std::to_string(static_cast<int>(model_.course().status()));
  s += '|' + std::to_string(static_cast<int>(panel_.layout));
  s += '|' + std::to_string(error_message_.size());
  return s;
}

// Shortcuts (shortcuts.cpp lists them), from the key presses GLFW queued since the last
// frame, whichever window has ImGui's focus; never while a text field has the keyboard
// (its cursor shows it), where the keys are the text's.
void GuiApp::keyboard(std::vector<UiCommand>& commands) {
  std::vector<KeyPress> keys;
  keys.swap(key_presses_);
  if (ImGui::GetIO().WantTextInput) return;
  StudySettings settings = model_.settings();
  for (const KeyPress& k : keys) handleKey(k, commands, settings);
  if (!(settings == model_.settings())) commands.push_back(CmdSetSettings{settings});
}

void GuiApp::handleKey(const KeyPress& k, std::vector<UiCommand>& commands,
                       StudySettings& settings) {
  const bool ctrl = (k.mods & GLFW_MOD_CONTROL) != 0, shift = (k.mods & GLFW_MOD_SHIFT) != 0;
  const int key = k.key;
  if (key == GLFW_KEY_F1 || (shift && key == GLFW_KEY_SLASH)) panel_.help = !panel_.help;
  if (!ctrl && key == GLFW_KEY_T) {
    // Toggled here as well as by the command: two presses in one frame go there and back.
    panel_.layout = panel_.layout == Layout::Technician
                        ? (model_.tracking() ? Layout::Guiding : Layout::Planning)
                        : Layout::Technician;
    commands.push_back(CmdSetLayout{static_cast<int>(panel_.layout)});
  }
  if (!ctrl && key == GLFW_KEY_G) {
    panel_.layout = panel_.layout == Layout::Guiding ? Layout::Planning : Layout::Guiding;
    commands.push_back(CmdSetLayout{static_cast<int>(panel_.layout)});
  }
  if (!ctrl && key == GLFW_KEY_L) settings.light_theme = !settings.light_theme;
  if (key == GLFW_KEY_F5) {
    if (model_.tracking())
      commands.push_back(CmdStopTracking{});
    else
      commands.push_back(startTrackingCommand(panel_));
  }
  const size_t n = model_.targets().size();
  if (n > 1 && key == GLFW_KEY_PAGE_DOWN)
    commands.push_back(CmdSelectTarget{(model_.activeTarget() + 1) % n});
  if (n > 1 && key == GLFW_KEY_PAGE_UP)
    commands.push_back(CmdSelectTarget{(model_.activeTarget() + n - 1) % n});
  if (ctrl && key == GLFW_KEY_Z) commands.push_back(shift ? UiCommand(CmdRedo{}) : CmdUndo{});
  if (ctrl && key == GLFW_KEY_S) commands.push_back(CmdSaveStudy{""});
  if (ctrl && key == GLFW_KEY_Q) commands.push_back(CmdQuit{false});
  // Named views: 1 front, 2 left, 3 right, 4 top, 5 down the coil, 6 follow the coil,
  // 0 the target (CameraView's order).
  if (!ctrl && key >= GLFW_KEY_0 && key <= GLFW_KEY_6)
    commands.push_back(CmdSetView{key - GLFW_KEY_0});
  if (ctrl && (key == GLFW_KEY_EQUAL || key == GLFW_KEY_KP_ADD))
    settings.font_scale = std::min(2.5f, settings.font_scale + 0.1f);
  if (ctrl && (key == GLFW_KEY_MINUS || key == GLFW_KEY_KP_SUBTRACT))
    settings.font_scale = std::max(0.6f, settings.font_scale - 0.1f);
  if (ctrl && key == GLFW_KEY_0) settings.font_scale = 1.0f;
  if (key == GLFW_KEY_F12) commands.push_back(CmdScreenshot{""});
  if (key == GLFW_KEY_SPACE && model_.tracking()) commands.push_back(CmdPulse{});
}

void GuiApp::dropped(const std::string& path) {
  std::strncpy(panel_.mri_path, path.c_str(), sizeof panel_.mri_path - 1);
  pending_.push_back(CmdLoadMri{path, ""});
}

void GuiApp::drawFrame(std::vector<UiCommand>& commands) {
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  ImGui::NewFrame();
  ImGui::GetIO().FontGlobalScale = model_.settings().font_scale;
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  heartbeat_ = !heartbeat_;
  scene_.setVisible(panel_.layout != Layout::Technician);
  if (panel_.layout == Layout::Technician) {
    drawTechnicianWindow(ImVec2(0, 0), display);
  } else {
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(kPanelWidth, display.y));
    ImGui::Begin("tmsnav", nullptr, kFixed | ImGuiWindowFlags_MenuBar);
    drawFileMenu(model_, panel_, menu_, commands);
    drawControlPanel(model_, panel_, commands);
    ImGui::End();
    if (panel_.layout == Layout::Guiding) {
      // The technician's view beside a smaller 3-D view; the slices are a click away.
      const float right = display.x - kPanelWidth;
      const float aim_width = std::floor(right * kGuidingAimFraction);
      drawTechnicianWindow(ImVec2(kPanelWidth, 0), ImVec2(aim_width, display.y));
      drawSceneWindow(ImVec2(kPanelWidth + aim_width, 0), ImVec2(right - aim_width, display.y),
                      commands);
    } else {
      ImGui::SetNextWindowPos(ImVec2(kPanelWidth, 0));
      ImGui::SetNextWindowSize(ImVec2(display.x - kPanelWidth, kBannerHeight));
      ImGui::Begin("Guidance", nullptr, kFixed | ImGuiWindowFlags_NoTitleBar);
      drawGuidanceBanner(model_, fonts_);
      ImGui::End();
      drawViewport(commands);
      drawCompareView(display);
    }
    // Never over the technician's view: in the guiding layout over the 3-D view beside it,
    // in the planning layout below the guidance banner.
    if (panel_.layout == Layout::Guiding) {
      const float aim_width = std::floor((display.x - kPanelWidth) * kGuidingAimFraction);
      drawWizardWindow(model_, fonts_, ImVec2(kPanelWidth + aim_width, 0.0f),
                       display.x - kPanelWidth - aim_width, commands);
    } else {
      drawWizardWindow(model_, fonts_, ImVec2(kPanelWidth + 8.0f, kBannerHeight + 8.0f),
                       std::min(560.0f, display.x - kPanelWidth - kSliceColumnWidth - 16.0f),
                       commands);
    }
  }
  drawHelp(display);
  if (panel_.browse) {
    browser_.open = true;
    panel_.browse = false;
  }
  drawFileBrowser(browser_, commands);
  drawMenuDialogs(model_, panel_, menu_, commands);
  drawErrorDialog();
  ImGui::Render();

  int w = 0, h = 0;
  glfwGetFramebufferSize(window_, &w, &h);
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  glViewport(0, 0, w, h);
  glClearColor(0.08f, 0.08f, 0.09f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

void GuiApp::drawTechnicianWindow(const ImVec2& at, const ImVec2& size) {
  ImGui::SetNextWindowPos(at);
  ImGui::SetNextWindowSize(size);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
  ImGui::Begin("Technician", nullptr,
               kFixed | ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoScrollbar |
                   ImGuiWindowFlags_NoScrollWithMouse | ImGuiWindowFlags_NoBringToFrontOnFocus);
  const NavigationSnapshot& nav = model_.navigation();
  if (nav.pulses != pulses_seen_) {
    if (nav.pulses > pulses_seen_) pulse_at_s_ = now_s_();
    pulses_seen_ = nav.pulses;
  }
  TechnicianFrame frame;
  frame.light = model_.settings().light_theme;
  frame.heartbeat = heartbeat_;
  frame.text_scale = model_.settings().font_scale;
  frame.navigating = model_.tracking();
  frame.pulses = nav.pulses;
  frame.since_pulse_s = now_s_() - pulse_at_s_;
  frame.footer = registrationLine(model_);
  frame.field_line = liveFieldLine(model_);
  technician_aim_ = model_.aim();
  technician_drawn_ = drawTechnicianView(technician_aim_, fonts_, at, size, frame);
  ImGui::End();
  ImGui::PopStyleVar();
}

// Keys and what they do, on F1 or '?'.
void GuiApp::drawHelp(const ImVec2& display) {
  if (!panel_.help) return;
  ImGui::SetNextWindowPos(ImVec2(display.x / 2, display.y / 2), ImGuiCond_Always,
                          ImVec2(0.5f, 0.5f));
  ImGui::Begin("Keyboard shortcuts (F1 closes)", &panel_.help,
               ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoCollapse |
                   ImGuiWindowFlags_NoSavedSettings);
  for (const Shortcut& k : shortcuts()) ImGui::BulletText("%-16s %s", k.keys, k.what);
  ImGui::End();
}

// Over the bottom-left of the 3-D view once two or more targets are planned.
void GuiApp::drawCompareView(const ImVec2& display) {
  if (model_.targets().size() < 2) return;
  ImGui::SetNextWindowPos(ImVec2(kPanelWidth + 8.0f, display.y - 8.0f), ImGuiCond_Always,
                          ImVec2(0.0f, 1.0f));
  // Closed by its button until the list grows again.
  if (model_.targets().size() > compare_seen_) compare_open_ = true;
  compare_seen_ = model_.targets().size();
  if (!compare_open_) return;
  ImGui::SetNextWindowBgAlpha(0.85f);
  ImGui::Begin("Compare", &compare_open_,
               ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoMove |
                   ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings);
  compareTable(model_);
  ImGui::End();
}

void GuiApp::drawViewport(std::vector<UiCommand>& commands) {
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  ImGui::SetNextWindowPos(ImVec2(display.x - kSliceColumnWidth, kBannerHeight));
  ImGui::SetNextWindowSize(ImVec2(kSliceColumnWidth, display.y - kBannerHeight));
  ImGui::Begin("Slices", nullptr, kFixed | ImGuiWindowFlags_NoTitleBar);
  const float slice =
      std::min(kSliceColumnWidth - 16.0f, (display.y - kBannerHeight - 60.0f) / 3.0f);
  slices_.draw(model_, slice, commands);
  ImGui::End();

  drawSceneWindow(ImVec2(kPanelWidth, kBannerHeight),
                  ImVec2(display.x - kPanelWidth - kSliceColumnWidth, display.y - kBannerHeight),
                  commands);
}

void GuiApp::drawSceneWindow(const ImVec2& at, const ImVec2& window_size,
                             std::vector<UiCommand>& commands) {
  ImGui::SetNextWindowPos(at);
  ImGui::SetNextWindowSize(window_size);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
  // Never brought to the front by a click: the Compare window over it stays visible.
  ImGui::Begin("3D view", nullptr,
               kFixed | ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoScrollbar |
                   ImGuiWindowFlags_NoScrollWithMouse | ImGuiWindowFlags_NoBringToFrontOnFocus);
  const ImVec2 size = ImGui::GetContentRegionAvail();
  scene_.requestFrame(static_cast<int>(size.x), static_cast<int>(size.y));
  const SceneRenderer::Frame frame = scene_.latest();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  if (frame.texture)
    ImGui::Image(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(frame.texture)), size,
                 ImVec2(0, 1), ImVec2(1, 0));
  else
    ImGui::Dummy(size);  // the first 3-D frame is still being drawn
  if (ImGui::IsItemHovered()) {
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    forwardMouse(mouse.x - origin.x, mouse.y - origin.y, size.x, size.y, commands);
  }
  drawViewButtons(origin, commands);
  ImGui::End();
  ImGui::PopStyleVar();
}

// Named views as small buttons over the 3-D view's top-left corner (keys 0-6).
void GuiApp::drawViewButtons(const ImVec2& origin, std::vector<UiCommand>& commands) {
  static const char* const kNames[] = {"Target", "Front", "Left", "Right",
                                       "Top",    "Coil",  "Follow coil"};
  static const char* const kShort[] = {"Tgt", "F", "L", "R", "Top", "Coil", "Follow"};
  const bool narrow = ImGui::GetWindowWidth() < kViewButtonsFullWidth;
  static const char* const kTips[] = {"0: the target, obliquely from outside",
                                      "1: from the patient's front",
                                      "2: from the patient's left",
                                      "3: from the patient's right",
                                      "4: from above, nose up",
                                      "5: down the coil's axis onto the head",
                                      "6: down the coil's axis, following it as it moves"};
  ImGui::SetCursorScreenPos(ImVec2(origin.x + 6, origin.y + 6));
  ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(4, 2));
  for (int v = 0; v < 7; ++v) {
    if (v > 0) ImGui::SameLine(0, 3);
    if (ImGui::SmallButton(narrow ? kShort[v] : kNames[v])) commands.push_back(CmdSetView{v});
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", kTips[v]);
  }
  ImGui::PopStyleVar();
}

nlohmann::json GuiApp::cameraJson() const {
  const SceneRenderer::Frame f = scene_.latest();
  if (!f.serial) return nullptr;
  auto v = [](const Eigen::Vector3d& p) { return nlohmann::json{p.x(), p.y(), p.z()}; };
  return {{"position_ras_mm", v(rasFromLps(f.camera_position_lps))},
          {"focal_point_ras_mm", v(rasFromLps(f.camera_focal_lps))},
          {"view_up_ras", v(rasFromLps(f.camera_up_lps))}};
}

nlohmann::json GuiApp::coilJson() const {
  const SceneRenderer::Frame f = scene_.latest();
  if (!f.serial) return nullptr;
  const Scene::CoilFacts& c = f.coil;
  auto bounds = [](const std::array<double, 6>& b) {
    return nlohmann::json::array({{b[0], b[1]}, {b[2], b[3]}, {b[4], b[5]}});
  };
  return {{"casing_bounds_mm", bounds(c.casing_bounds_mm)},
          {"handle_bounds_mm", bounds(c.handle_bounds_mm)},
          {"planned", {{"shown", c.planned_shown},
                       {"opacity", c.planned_opacity},
                       {"rgb", c.planned_rgb}}},
          {"tracked", {{"shown", c.tracked_shown},
                       {"opacity", c.tracked_opacity},
                       {"rgb", c.tracked_rgb}}},
          {"target_ring_shown", c.target_ring_shown}};
}

void GuiApp::forwardMouse(double x, double y, double w, double h,
                          std::vector<UiCommand>& commands) {
  const ImGuiIO& io = ImGui::GetIO();
  if (pick_mode_ && io.MouseClicked[ImGuiMouseButton_Left]) {
    commands.push_back(CmdPickAt{x / w, y / h});
    return;
  }
  const MouseButton buttons[] = {MouseButton::Left, MouseButton::Right, MouseButton::Middle};
  for (int b = 0; b < 3; ++b) {
    const MouseButton button = buttons[b];
    if (io.MouseClicked[b])
      scene_.post([=](Scene&, FramebufferView& v) { v.mouseButton(button, true, x, y); });
    if (io.MouseReleased[b])
      scene_.post([=](Scene&, FramebufferView& v) { v.mouseButton(button, false, x, y); });
  }
  if (io.MouseWheel != 0.0f) {
    const double wheel = io.MouseWheel;
    scene_.post([=](Scene&, FramebufferView& v) { v.mouseWheel(wheel, x, y); });
  }
  if (io.MouseDelta.x != 0.0f || io.MouseDelta.y != 0.0f)
    scene_.post([=](Scene&, FramebufferView& v) { v.mouseMove(x, y); });
}

void GuiApp::apply(const UiCommand& command) {
  Result<Done> r = Done{};
  std::visit(
      [&](const auto& c) {
        using T = std::decay_t<decltype(c)>;
        if constexpr (std::is_same_v<T, CmdLoadMri>) r = model_.loadMri(c.path, c.series_uid, c.orientation);
        if constexpr (std::is_same_v<T, CmdCancelLoad>) r = model_.cancelLoad();
        if constexpr (std::is_same_v<T, CmdSetTargetRas>)
          r = model_.setTarget(lpsFromRas(c.ras), c.method + " target", c.method);
        if constexpr (std::is_same_v<T, CmdSetTargetMni>)
          r = model_.setTargetMni(lpsFromRas(c.mni_ras));
        if constexpr (std::is_same_v<T, CmdSetTargetSpec>) r = model_.setTargetSpec(c.spec);
        if constexpr (std::is_same_v<T, CmdSetPickMode>) {
          pick_mode_ = c.on;
          pick_landmark_ = c.landmark;
        }
        if constexpr (std::is_same_v<T, CmdSelectTarget>) r = model_.selectTarget(c.index);
        if constexpr (std::is_same_v<T, CmdRemoveTarget>) r = model_.removeTarget(c.index);
        if constexpr (std::is_same_v<T, CmdCompareDlpfc>) r = model_.compareDlpfc();
        if constexpr (std::is_same_v<T, CmdSetLandmark>)
          r = model_.setLandmark(c.name, lpsFromRas(c.ras));
        if constexpr (std::is_same_v<T, CmdShowScalp>) {
          StudySettings s = model_.settings();
          s.show_scalp = c.on;
          r = model_.setSettings(s);
        }
        if constexpr (std::is_same_v<T, CmdScalpDepthColours>) {
          StudySettings s = model_.settings();
          s.scalp_depth_colours = c.on;
          r = model_.setSettings(s);
        }
        if constexpr (std::is_same_v<T, CmdSetSettings>) r = model_.setSettings(c.settings);
        if constexpr (std::is_same_v<T, CmdStartSimulation>) r = model_.startSimulation();
        if constexpr (std::is_same_v<T, CmdStartIgtl>) {
          auto hp = parseHostPort(c.address);
          r = hp ? model_.startIgtl(hp->first, hp->second) : Result<Done>(Error{hp.error()});
        }
        if constexpr (std::is_same_v<T, CmdStartReplay>)
          r = model_.startReplay(c.path, c.speed, c.loop);
        if constexpr (std::is_same_v<T, CmdStopTracking>) r = model_.stopTracking();
        if constexpr (std::is_same_v<T, CmdRegisterSimulated>)
          r = model_.registerSimulatedPatient(c.seed);
        if constexpr (std::is_same_v<T, CmdLoadRegistration>) r = model_.loadRegistration(c.path);
        if constexpr (std::is_same_v<T, CmdClearRegistration>) r = model_.clearRegistration();
        if constexpr (std::is_same_v<T, CmdStartWizard>) r = model_.startWizard();
        if constexpr (std::is_same_v<T, CmdAskCheckpoint>) r = model_.askCheckpoint();
        if constexpr (std::is_same_v<T, CmdUndo>) r = model_.undo();
        if constexpr (std::is_same_v<T, CmdRedo>) r = model_.redo();
        if constexpr (std::is_same_v<T, CmdSaveStudy>) r = model_.saveStudy(c.path);
        if constexpr (std::is_same_v<T, CmdOpenStudy>) r = model_.openStudy(c.path);
        if constexpr (std::is_same_v<T, CmdSetLayout>)
          panel_.layout = c.layout == 2   ? Layout::Technician
                          : c.layout == 1 ? Layout::Guiding
                                          : Layout::Planning;
        if constexpr (std::is_same_v<T, CmdScreenshot>)
          screenshot_path_ =
              c.path.empty() ? model_.sessionDir() + "/screenshot-" + timestampForFile() + ".png"
                             : c.path;
        if constexpr (std::is_same_v<T, CmdWizard>) r = model_.wizardCommand(c.command);
        if constexpr (std::is_same_v<T, CmdSaveRegistration>) r = model_.saveRegistration(c.path);
        if constexpr (std::is_same_v<T, CmdResetCamera>)
          scene_.post([](Scene& scene, FramebufferView&) { scene.resetCamera(); });
        if constexpr (std::is_same_v<T, CmdSetView>) {
          const auto view = static_cast<CameraView>(std::clamp(c.view, 0, 6));
          scene_.post([view](Scene& scene, FramebufferView&) { scene.setView(view); });
        }
        if constexpr (std::is_same_v<T, CmdQuit>) {
          menu_.quit_why = c.confirmed ? std::vector<std::string>{} : model_.unsavedWork();
          quit_ = menu_.quit_why.empty();
        }
        if constexpr (std::is_same_v<T, CmdPickAt>) pick(c);
        if constexpr (std::is_same_v<T, CmdSilenceTracker>) r = model_.silenceTracker();
        if constexpr (std::is_same_v<T, CmdPulse>) r = model_.pulse();
        if constexpr (std::is_same_v<T, CmdNote>) r = model_.note(c.text);
        if constexpr (std::is_same_v<T, CmdRefreshCourse>) r = model_.refreshCourse();
        if constexpr (std::is_same_v<T, CmdSaveCourse>) r = model_.saveCourseReport();
        if constexpr (std::is_same_v<T, CmdSetDose>) r = model_.setDose(c.settings);
        if constexpr (std::is_same_v<T, CmdSetStimulation>) r = model_.setStimulation(c.settings);
        if constexpr (std::is_same_v<T, CmdPlanM1HandKnob>) r = model_.planM1HandKnob();
        if constexpr (std::is_same_v<T, CmdSimulationRate>) r = model_.setSimulationRate(c.hz);
        if constexpr (std::is_same_v<T, CmdPicked>) {
          picks_pending_ = std::max(0, picks_pending_ - 1);
          if (!c.p_lps)
            r = Error{"no head under the pointer"};
          else if (!c.landmark.empty())
            r = model_.setLandmark(c.landmark, *c.p_lps);
          else
            r = model_.setTarget(*c.p_lps, "clicked", "click");
        }
      },
      command);
  if (!r) error_message_ = r.error();
}

// The pick runs where the scene is; its answer comes back as a command next frame.
void GuiApp::pick(const CmdPickAt& c) {
  const std::string landmark = pick_landmark_;
  ++picks_pending_;
  scene_.post([this, c, landmark](Scene& scene, FramebufferView& view) {
    // VTK display coordinates have their origin bottom-left.
    const auto p = scene.pickHead(static_cast<int>(c.fx * view.width()),
                                  static_cast<int>((1.0 - c.fy) * view.height()));
    {
      std::lock_guard lock(inbox_mutex_);
      inbox_.push_back(CmdPicked{p, landmark});
    }
    model_.requestRedraw();  // the UI may be asleep: the answer is handled now
  });
}

void GuiApp::syncScene() {
  if (model_.revision() != synced_revision_) {
    synced_revision_ = model_.revision();
    // No patient (loading, failed): nothing of the previous one stays on screen.
    vtkSmartPointer<vtkPolyData> scalp, cortex;
    if (const LoadedPatient* p = model_.patient()) {
      scalp = p->model.scalp_lps;
      cortex = p->model.cortex_lps;
    }
    std::vector<Eigen::Vector3d> others;
    for (size_t i = 0; i < model_.targets().size(); ++i)
      if (i != model_.activeTarget()) others.push_back(model_.targets()[i].entry_lps);
    const auto* patch_ptr = model_.activeAtlasPatch();
    std::vector<unsigned char> patch = patch_ptr ? *patch_ptr : std::vector<unsigned char>{};
    std::optional<PlannedTarget> target;
    if (const auto& t = model_.target()) target = *t;
    // The RAS and MNI fields show the active target (edited from there, not from a default).
    if (target) {
      const Eigen::Vector3d ras = rasFromLps(target->target_lps);
      for (int i = 0; i < 3; ++i) panel_.target_ras[i] = static_cast<float>(ras[i]);
      if (target->target_mni_lps) {
        const Eigen::Vector3d mni = rasFromLps(*target->target_mni_lps);
        for (int i = 0; i < 3; ++i) panel_.target_mni[i] = static_cast<float>(mni[i]);
      }
    }
    // Only a new patient (or none) re-aims the camera: a target or display change keeps
    // the user's rotation and zoom.
    const bool new_patient = scalp.GetPointer() != aimed_scalp_;
    aimed_scalp_ = scalp.GetPointer();
    scene_.post([=](Scene& scene, FramebufferView&) {
      if (scalp) {
        scene.setScalp(scalp);
        if (cortex) scene.setCortex(cortex);
      } else {
        scene.clearScalp();
      }
      scene.setOtherEntries(others);
      scene.setCortexPatch(patch);
      if (target)
        scene.setTarget(target->target_lps, target->entry_lps, target->target_to_mri.iso());
      else
        scene.clearTarget();
      if (new_patient) scene.resetCamera();
    });
    if (model_.workflow() == Workflow::Failed) error_message_ = model_.lastError();
    synced_settings_ = StudySettings{};
    synced_settings_.show_scalp = !model_.settings().show_scalp;  // applied again below
  }
  // Settings change by a click, a key, undo or an opened study: the scene follows.
  if (!(model_.settings() == synced_settings_)) {
    synced_settings_ = model_.settings();
    const StudySettings s = synced_settings_;
    scene_.post([s](Scene& scene, FramebufferView&) {
      scene.setScalpOpacity(s.show_scalp ? kScalpOpacity : 0.0);
      scene.setScalpDepthColours(s.scalp_depth_colours);
    });
    panel_.show_scalp = synced_settings_.show_scalp;
    panel_.scalp_depth_colours = synced_settings_.scalp_depth_colours;
  }
  // Digitised points change while the wizard collects: sent only when they do.
  if (model_.registration().digitisedVersion() != synced_digitised_) {
    synced_digitised_ = model_.registration().digitisedVersion();
    const auto& digitised = model_.registration().digitised();
    scene_.post(
        [digitised](Scene& scene, FramebufferView&) { scene.setDigitisedPoints(digitised); });
  }
  field_sync_.sync(model_, scene_);  // the live E-field map, when a new one arrived
  // The coil, when it moved or its state changed: a still coil costs no 3-D frames.
  const GuidanceUpdate& g = model_.navigation().guidance;
  const std::optional<Eigen::Isometry3d> coil =
      g.coil_to_mri ? std::optional(g.coil_to_mri->iso()) : std::nullopt;
  const bool same = posted_coil_once_ && g.state == posted_state_ &&
                    coil.has_value() == posted_coil_.has_value() &&
                    (!coil || coil->matrix() == posted_coil_->matrix());
  if (!same) {
    posted_coil_ = coil;
    posted_state_ = g.state;
    posted_coil_once_ = true;
    const GuidanceState state = g.state;
    scene_.postMotion(
        [coil, state](Scene& scene, FramebufferView&) { scene.setTrackedCoil(coil, state); });
  }
}

void GuiApp::drawErrorDialog() {
  if (!error_message_.empty()) ImGui::OpenPopup("Error");
  if (ImGui::BeginPopupModal("Error", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
    ImGui::TextUnformatted(error_message_.c_str());
    if (ImGui::Button("OK")) {
      error_message_.clear();
      ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
  }
}

Result<Done> saveFramebufferPng(int width, int height, const std::string& path) {
  std::vector<unsigned char> pixels(static_cast<size_t>(width) * height * 3);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadBuffer(GL_BACK);
  glReadPixels(0, 0, width, height, GL_RGB, GL_UNSIGNED_BYTE, pixels.data());
  stbi_flip_vertically_on_write(1);  // GL rows run bottom-up
  return replaceAtomically(path, [&](const std::string& tmp) -> std::string {
    return stbi_write_png(tmp.c_str(), width, height, 3, pixels.data(), width * 3)
               ? std::string()
               : "cannot write screenshot " + path;
  });
}

}  // namespace tmsnav
