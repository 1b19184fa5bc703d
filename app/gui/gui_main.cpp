#include "app/gui/gui_main.h"

#include <GL/glew.h>
#include <GLFW/glfw3.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "app/asset_paths.h"
#include "app/cli/cli_support.h"
#include "app/gui/gui_app.h"
#include "backends/imgui_impl_glfw.h"
#include "backends/imgui_impl_opengl3.h"

namespace tmsnav {

namespace {
double monotonicSeconds() {
  using namespace std::chrono;
  return duration<double>(steady_clock::now().time_since_epoch()).count();
}

Fonts loadFonts() {
  ImGuiIO& io = ImGui::GetIO();
  Fonts f;
  const char* regular = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
  const char* bold = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";
  std::error_code ec;
  if (std::filesystem::exists(regular, ec)) f.body = io.Fonts->AddFontFromFileTTF(regular, 17.0f);
  if (!f.body) f.body = io.Fonts->AddFontDefault();
  if (std::filesystem::exists(bold, ec)) f.big = io.Fonts->AddFontFromFileTTF(bold, 52.0f);
  return f;
}

// GLFW + GL + ImGui, owned for the app's lifetime (RAII, reverse order on exit).
struct WindowSystem {
  GLFWwindow* window = nullptr;
  bool imgui = false;
  ~WindowSystem() {
    if (imgui) {
      ImGui_ImplOpenGL3_Shutdown();
      ImGui_ImplGlfw_Shutdown();
      ImGui::DestroyContext();
    }
    if (window) glfwDestroyWindow(window);
    glfwTerminate();
  }
};

Result<Done> openWindow(WindowSystem& ws) {
  if (!glfwInit()) return Error{"cannot initialise GLFW"};
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 2);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
  ws.window = glfwCreateWindow(1280, 800, "tmsnav", nullptr, nullptr);
  if (!ws.window) return Error{"cannot open an OpenGL 3.2 window"};
  glfwMakeContextCurrent(ws.window);
  glfwSwapInterval(1);
  glewExperimental = GL_TRUE;
  if (glewInit() != GLEW_OK) return Error{"cannot initialise GLEW"};
  glGetError();  // GLEW on core profiles leaves a harmless GL_INVALID_ENUM behind
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;
  ImGui::StyleColorsDark();
  ImGui_ImplGlfw_InitForOpenGL(ws.window, true);
  ImGui_ImplOpenGL3_Init("#version 150");
  ws.imgui = true;
  return Done{};
}
}  // namespace

std::string defaultSessionDir() {
  const char* xdg = std::getenv("XDG_DATA_HOME");
  const char* home = std::getenv("HOME");
  if (xdg && *xdg) return std::string(xdg) + "/tmsnav/sessions";
  if (home && *home) return std::string(home) + "/.local/share/tmsnav/sessions";
  return "tmsnav-sessions";
}

int runGui(const GuiArgs& args) {
  std::error_code ec;
  if (!std::filesystem::exists(args.mri, ec))
    return fail(kExitBadInput, "no such file: " + args.mri);
  std::unique_ptr<PrivateXvfb> xvfb;
  if (args.private_xvfb) {
    auto x = PrivateXvfb::start();
    if (!x) return fail(kExitFailure, x.error());
    xvfb = std::move(*x);
  } else if (!displayAvailable()) {
    return fail(kExitFailure,
                "no display (DISPLAY is unset or unreachable); run 'tmsnav --headless' "
                "for the same flow without a window, or 'tmsnav --xvfb'");
  }
  std::unique_ptr<ScriptRunner> script;
  if (!args.script.empty()) {
    auto s = ScriptRunner::load(args.script);
    if (!s) return fail(kExitBadInput, s.error());
    script = std::make_unique<ScriptRunner>(std::move(*s));
  }
  auto coil = loadCoilMesh(defaultCoilModel());
  if (!coil) return fail(kExitFailure, coil.error());

  WindowSystem ws;
  if (auto r = openWindow(ws); !r) return fail(kExitFailure, r.error());
  const Fonts fonts = loadFonts();

  AppModel model(monotonicSeconds,
                 args.session_dir.empty() ? defaultSessionDir() : args.session_dir);
  auto scene = SceneRenderer::start(ws.window, *coil);
  if (!scene) return fail(kExitFailure, scene.error());
  if (!args.study.empty()) {
    if (auto r = model.openStudy(args.study); !r) return fail(kExitBadInput, r.error());
  } else if (auto r = model.loadMri(args.mri); !r) {
    return fail(kExitBadInput, r.error());
  }
  GuiApp app(ws.window, model, **scene, fonts, script.get(), monotonicSeconds);
  return app.run();
}

}  // namespace tmsnav
