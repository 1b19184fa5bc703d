#include "app/gui/gui_app.h"

#include <GL/glew.h>
#include <GLFW/glfw3.h>
#include <stb_image_write.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <ctime>
#include <iostream>
#include <thread>

#include "app/gui/app_prefs.h"
#include "app/gui/shortcuts.h"
#include "backends/imgui_impl_glfw.h"
#include "core/atomic_file.h"
#include "core/coords.h"

#include <vtkCamera.h>

namespace tmsnav {

namespace {
constexpr double kScreenshotSyncS = 2.0;
constexpr double kMaxUiHz = 75.0;  // above the technician view's goal of 60
constexpr double kGuidingUiHz = 30.0;
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
  // The data folder holds the sessions folder and the recent-studies list.
  prefs_path_ = appPrefsPath(std::filesystem::path(model.sessionDir()).parent_path().string());
  panel_width_ = readAppPrefs(prefs_path_).panel_width;
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
      view.panel = panelJson();
      stats_.fill(view, now_s_(), scene_.framesRendered());
      view.technician = technicianJson(technician_aim_, technician_drawn_);
      // A line ran (the script moved on or acts now): draw it, whatever it was.
      script_ran = script_->idleForS(now_s_()) == 0.0;
      scripted = script_->step(model_, view, now_s_());
      if (scripted.freeze_scene_s) scene_.freeze(*scripted.freeze_scene_s);
      if (scripted.stats_reset) stats_.reset(now_s_(), scene_.framesRendered());
      if (scripted.spin_scene) spin_scene_ = *scripted.spin_scene;
      if (scripted.panel_width) {
        int w = 0, h = 0;
        glfwGetWindowSize(window_, &w, &h);
        setPanelWidth(*scripted.panel_width, static_cast<float>(w), true);
      }
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

nlohmann::json GuiApp::cameraJson() const {
  const SceneRenderer::Frame f = scene_.latest();
  if (!f.serial) return nullptr;
  auto v = [](const Eigen::Vector3d& p) { return nlohmann::json{p.x(), p.y(), p.z()}; };
  return {{"position_ras_mm", v(rasFromLps(f.camera_position_lps))},
          {"focal_point_ras_mm", v(rasFromLps(f.camera_focal_lps))},
          {"view_up_ras", v(rasFromLps(f.camera_up_lps))}};
}

nlohmann::json GuiApp::panelJson() const {
  nlohmann::json slices = nlohmann::json::array();
  for (const auto& r : slices_.drawnRects()) slices.push_back(r);
  return {{"width", panel_width_},
          {"target_ras", panel_.target_ras},
          {"target_mni", panel_.target_mni},
          {"slice_rects", slices}};
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
          {"target_ring_shown", c.target_ring_shown},
          {"labels", c.labels}};
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
