#include "app/gui/scene_renderer.h"

#include <GL/glew.h>
#include <GLFW/glfw3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>

#include <vtkCamera.h>

namespace tmsnav {

namespace {
constexpr double kMaxSceneHz = 30.0;  // the scene is not worth more of two cores than this
constexpr double kSettleS = 0.3;      // this long without motion: back to full detail
constexpr double kMovingScale = 0.5;  // of the view's width and height, while moving
}  // namespace

Result<std::unique_ptr<SceneRenderer>> SceneRenderer::start(
    GLFWwindow* ui_window, vtkSmartPointer<vtkPolyData> coil_mesh) {
  glfwWindowHint(GLFW_VISIBLE, GLFW_FALSE);
  GLFWwindow* hidden = glfwCreateWindow(16, 16, "tmsnav 3-D", nullptr, ui_window);
  glfwWindowHint(GLFW_VISIBLE, GLFW_TRUE);
  if (!hidden) return Error{"cannot create the 3-D view's GL context"};
  glfwMakeContextCurrent(ui_window);  // creating a window may change the current context
  return std::unique_ptr<SceneRenderer>(new SceneRenderer(hidden, std::move(coil_mesh)));
}

SceneRenderer::SceneRenderer(GLFWwindow* context, vtkSmartPointer<vtkPolyData> coil_mesh)
    : context_(context), coil_mesh_(std::move(coil_mesh)) {
  thread_ = std::jthread([this](std::stop_token stop) { run(stop); });
}

SceneRenderer::~SceneRenderer() {
  thread_.request_stop();
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  glfwDestroyWindow(context_);
}

void SceneRenderer::post(Job job) {
  {
    std::lock_guard lock(mutex_);
    jobs_.push_back(std::move(job));
    ++posted_;
  }
  wake_.notify_all();
}

void SceneRenderer::postMotion(Job job) {
  {
    std::lock_guard lock(mutex_);
    last_motion_ = std::chrono::steady_clock::now();
  }
  post(std::move(job));
}

void SceneRenderer::requestFrame(int width, int height) {
  {
    std::lock_guard lock(mutex_);
    if (width == want_w_ && height == want_h_) return;
    want_w_ = width;
    want_h_ = height;
    dirty_ = true;
  }
  wake_.notify_all();
}

void SceneRenderer::setVisible(bool visible) {
  {
    std::lock_guard lock(mutex_);
    if (visible == visible_) return;
    visible_ = visible;
  }
  wake_.notify_all();
}

void SceneRenderer::setOnPublish(std::function<void()> on_publish) {
  std::lock_guard lock(mutex_);
  on_publish_ = std::move(on_publish);
}

SceneRenderer::Frame SceneRenderer::latest() const {
  std::lock_guard lock(mutex_);
  return frame_;
}

bool SceneRenderer::sync(double timeout_s) {
  std::unique_lock lock(mutex_);
  const std::uint64_t target = posted_;
  if (!visible_) return true;  // nothing on screen to bring up to date
  dirty_ = true;               // a frame after the jobs, even if they changed nothing
  wake_.notify_all();
  return published_.wait_for(lock, std::chrono::duration<double>(timeout_s),
                             [&] { return applied_at_publish_ >= target && !dirty_; });
}

void SceneRenderer::freeze(double seconds) {
  post([this, seconds](Scene&, FramebufferView&) {
    frozen_ = true;
    std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
    frozen_ = false;
  });
}

void SceneRenderer::run(std::stop_token stop) {
  glfwMakeContextCurrent(context_);
  {
    // VTK objects are made, used and destroyed on this thread only.
    Scene scene(coil_mesh_);
    FramebufferView view(scene, [w = context_] { glfwMakeContextCurrent(w); });
    auto last_render = std::chrono::steady_clock::now() - std::chrono::seconds(1);
    bool light = false;
    while (!stop.stop_requested()) {
      std::deque<Job> jobs;
      int w = 0, h = 0;
      bool want_light = false;
      {
        std::unique_lock lock(mutex_);
        const auto settled =
            last_motion_ + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                               std::chrono::duration<double>(kSettleS));
        auto ready = [&] { return !jobs_.empty() || (dirty_ && visible_ && want_w_ > 0); };
        if (light)
          wake_.wait_until(lock, stop, settled, ready);  // then back to full detail
        else
          wake_.wait(lock, stop, ready);
        if (stop.stop_requested()) break;
        jobs.swap(jobs_);
        w = want_w_;
        h = want_h_;
        want_light = std::chrono::steady_clock::now() < settled;
        if (want_light != light) dirty_ = true;
      }
      if (want_light != light) {
        light = want_light;
        scene.setDetail(!light);
      }
      for (auto& job : jobs) {
        try {  // nothing is thrown across the thread
          job(scene, view);
        } catch (...) {
        }
      }
      {
        std::lock_guard lock(mutex_);
        applied_ += jobs.size();
        if (!jobs.empty()) dirty_ = true;
        if (!dirty_ || !visible_ || w <= 0) continue;
      }
      // Not more often than kMaxSceneHz: what comes meanwhile goes into the next frame.
      const auto due = last_render + std::chrono::duration<double>(1.0 / kMaxSceneHz);
      std::this_thread::sleep_until(due);
      last_render = std::chrono::steady_clock::now();
      std::uint64_t applied_before = 0;
      {
        std::lock_guard lock(mutex_);
        applied_before = applied_;
        dirty_ = false;
      }
      const auto t0 = std::chrono::steady_clock::now();
      renderFrame(scene, view, w, h, light ? kMovingScale : 1.0);
      if (std::getenv("TMSNAV_DEBUG_RENDER"))
        std::fprintf(
            stderr, "render %s %dx%d %.1f ms\n", light ? "light" : "full", w, h,
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0)
                .count());
      std::function<void()> on_publish;
      {
        std::lock_guard lock(mutex_);
        applied_at_publish_ = applied_before;
        on_publish = on_publish_;
      }
      published_.notify_all();
      if (on_publish) on_publish();
    }
    if (fbo_) glDeleteFramebuffers(1, &fbo_);
    glDeleteTextures(3, textures_);
  }
  glfwMakeContextCurrent(nullptr);
}

void SceneRenderer::renderFrame(Scene& scene, FramebufferView& view, int w, int h, double scale) {
  // Moving: fewer pixels (llvmpipe's cost is mostly fill), scaled up into the texture.
  const int rw = std::max(16, static_cast<int>(w * scale)),
            rh = std::max(16, static_cast<int>(h * scale));
  view.render(rw, rh);
  if (w != tex_w_ || h != tex_h_) {  // (re)allocate the shared textures at the view's size
    if (textures_[0]) glDeleteTextures(3, textures_);
    glGenTextures(3, textures_);
    for (unsigned t : textures_) {
      glBindTexture(GL_TEXTURE_2D, t);
      glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, w, h, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
      glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
      glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    }
    glBindTexture(GL_TEXTURE_2D, 0);
    if (!fbo_) glGenFramebuffers(1, &fbo_);
    tex_w_ = w;
    tex_h_ = h;
    std::lock_guard lock(mutex_);
    frame_ = Frame{};  // the old textures are gone
  }
  const unsigned target = textures_[next_];
  glBindFramebuffer(GL_READ_FRAMEBUFFER, view.displayFramebuffer());
  glBindFramebuffer(GL_DRAW_FRAMEBUFFER, fbo_);
  glFramebufferTexture2D(GL_DRAW_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, target, 0);
  glBlitFramebuffer(0, 0, rw, rh, 0, 0, w, h, GL_COLOR_BUFFER_BIT,
                    rw == w ? GL_NEAREST : GL_LINEAR);
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  glFinish();  // the UI's context samples it next: it must be complete
  ++frames_;
  Frame made{target, w, h, 0};
  vtkCamera* camera = scene.renderer()->GetActiveCamera();
  camera->GetPosition(made.camera_position_lps.data());
  camera->GetFocalPoint(made.camera_focal_lps.data());
  camera->GetViewUp(made.camera_up_lps.data());
  made.coil = scene.coilFacts();
  std::lock_guard lock(mutex_);
  made.serial = frame_.serial + 1;
  frame_ = made;
  next_ = (next_ + 1) % 3;
}

}  // namespace tmsnav
