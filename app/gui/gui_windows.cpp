// The app window's windows, placed by the layout (gui_layout.h): the control panel, the
// guidance banner, the 3-D view with its view buttons, the slices, the technician's view,
// the Compare window, help and the error dialog.
#include <GL/glew.h>
#include <GLFW/glfw3.h>

#include <algorithm>
#include <cmath>

#include "app/gui/app_prefs.h"
#include "app/gui/gui_app.h"
#include "app/gui/gui_layout.h"
#include "app/gui/planning_panels.h"
#include "app/gui/shortcuts.h"
#include "app/gui/wizard_panel.h"
#include "backends/imgui_impl_glfw.h"
#include "backends/imgui_impl_opengl3.h"

namespace tmsnav {

namespace {
// A window with no padding, title or scrollbar at a fixed place (the technician's view, the
// 3-D view, the panel's grip); each is closed by endBareWindow().
void beginBareWindow(const char* name, const ImVec2& at, const ImVec2& size,
                     ImGuiWindowFlags extra) {
  ImGui::SetNextWindowPos(at);
  ImGui::SetNextWindowSize(size);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
  ImGui::Begin(name, nullptr,
               kFixed | ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoScrollbar | extra);
}

void endBareWindow() {
  ImGui::End();
  ImGui::PopStyleVar();
}
}  // namespace

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
    ImGui::SetNextWindowSize(ImVec2(panel_width_, display.y));
    ImGui::Begin("tmsnav", nullptr, kFixed | ImGuiWindowFlags_MenuBar);
    drawFileMenu(model_, panel_, menu_, commands);
    drawControlPanel(model_, panel_, commands);
    ImGui::End();
    drawSplitter(display);
    if (panel_.layout == Layout::Guiding) {
      // The technician's view beside a smaller 3-D view; the slices are a click away.
      const float right = display.x - panel_width_;
      const float aim_width = std::floor(right * kGuidingAimFraction);
      drawTechnicianWindow(ImVec2(panel_width_, 0), ImVec2(aim_width, display.y));
      drawSceneWindow(ImVec2(panel_width_ + aim_width, 0), ImVec2(right - aim_width, display.y),
                      commands);
    } else {
      ImGui::SetNextWindowPos(ImVec2(panel_width_, 0));
      ImGui::SetNextWindowSize(ImVec2(display.x - panel_width_, kBannerHeight));
      ImGui::Begin("Guidance", nullptr, kFixed | ImGuiWindowFlags_NoTitleBar);
      drawGuidanceBanner(model_, fonts_);
      ImGui::End();
      drawViewport(commands);
      drawCompareView(display);
    }
    // Never over the technician's view: in the guiding layout over the 3-D view beside it,
    // in the planning layout below the guidance banner.
    if (panel_.layout == Layout::Guiding) {
      const float aim_width = std::floor((display.x - panel_width_) * kGuidingAimFraction);
      drawWizardWindow(model_, fonts_, ImVec2(panel_width_ + aim_width, 0.0f),
                       display.x - panel_width_ - aim_width, commands);
    } else {
      drawWizardWindow(model_, fonts_, ImVec2(panel_width_ + 8.0f, kBannerHeight + 8.0f),
                       std::min(560.0f, display.x - panel_width_ - kSliceColumnWidth - 16.0f),
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
  beginBareWindow("Technician", at, size,
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
  endBareWindow();
}

// The left panel's drag handle: a grip along its right edge; dragged, the panel follows,
// and the width is remembered (app-settings.json) once the button is let go.
void GuiApp::drawSplitter(const ImVec2& display) {
  constexpr float kGripPx = 8.0f;
  beginBareWindow("##panel splitter", ImVec2(panel_width_ - kGripPx / 2, 0),
                  ImVec2(kGripPx, display.y),
                  ImGuiWindowFlags_NoBackground | ImGuiWindowFlags_NoFocusOnAppearing);
  ImGui::InvisibleButton("##drag", ImVec2(kGripPx, display.y));
  const bool hot = ImGui::IsItemHovered() || ImGui::IsItemActive();
  if (hot) ImGui::SetMouseCursor(ImGuiMouseCursor_ResizeEW);
  if (ImGui::IsItemActive() && ImGui::GetIO().MouseDelta.x != 0.0f)
    setPanelWidth(panel_width_ + ImGui::GetIO().MouseDelta.x, display.x, false);
  if (ImGui::IsItemDeactivated()) setPanelWidth(panel_width_, display.x, true);
  // The grip: a line down the edge and three dots half-way, brighter under the mouse.
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImU32 colour = hot ? IM_COL32(140, 170, 220, 255) : IM_COL32(80, 90, 110, 255);
  dl->AddLine(ImVec2(panel_width_, 0), ImVec2(panel_width_, display.y), colour, hot ? 3.0f : 1.0f);
  for (int i = -1; i <= 1; ++i)
    dl->AddCircleFilled(ImVec2(panel_width_, display.y / 2 + 8.0f * i), 2.5f, colour);
  endBareWindow();
}

void GuiApp::setPanelWidth(float width, float display_width, bool remember) {
  panel_width_ =
      std::clamp(width, kMinPanelWidth,
                 std::max(kMinPanelWidth, std::min(kMaxPanelWidth, 0.6f * display_width)));
  if (!remember) return;
  if (auto r = writeAppPrefs(prefs_path_, AppPrefs{panel_width_}); !r) error_message_ = r.error();
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
  ImGui::SetNextWindowPos(ImVec2(panel_width_ + 8.0f, display.y - 8.0f), ImGuiCond_Always,
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

  drawSceneWindow(ImVec2(panel_width_, kBannerHeight),
                  ImVec2(display.x - panel_width_ - kSliceColumnWidth, display.y - kBannerHeight),
                  commands);
}

void GuiApp::drawSceneWindow(const ImVec2& at, const ImVec2& window_size,
                             std::vector<UiCommand>& commands) {
  // Never brought to the front by a click: the Compare window over it stays visible.
  beginBareWindow("3D view", at, window_size,
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
  endBareWindow();
}

// Named views as small buttons over the 3-D view's top-left corner (keys 0-6).
void GuiApp::drawViewButtons(const ImVec2& origin, std::vector<UiCommand>& commands) {
  static const char* const kNames[] = {"Target", "Front", "Left",       "Right",
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

}  // namespace tmsnav
