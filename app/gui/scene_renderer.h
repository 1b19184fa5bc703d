#pragma once
// The 3-D view on a thread and GL context of its own (issue 14): the UI thread never waits
// for VTK, so the technician's view keeps its rate however long a 3-D frame takes (one
// 25k-triangle frame is ~45 ms on llvmpipe), and a frozen 3-D render cannot freeze
// guidance. The UI posts scene edits and mouse input as jobs; the render thread applies
// them in order, renders when something changed (at most kMaxSceneHz) into one of three
// textures shared with the UI's context, and publishes the newest finished one.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "core/result.h"
#include "render/coil_model.h"
#include "render/framebuffer_view.h"
#include "render/scene.h"

struct GLFWwindow;

namespace tmsnav {

class SceneRenderer {
 public:
  using Job = std::function<void(Scene&, FramebufferView&)>;
  struct Frame {
    unsigned texture = 0;  // 0: nothing rendered yet
    int width = 0, height = 0;
    std::uint64_t serial = 0;
    // The camera this frame was drawn with (LPS mm): position, focal point, view up.
    Eigen::Vector3d camera_position_lps = Eigen::Vector3d::Zero();
    Eigen::Vector3d camera_focal_lps = Eigen::Vector3d::Zero();
    Eigen::Vector3d camera_up_lps = Eigen::Vector3d::Zero();
    Scene::CoilFacts coil;  // the coils as drawn in this frame (tests)
  };

  // Call on the main thread (GLFW windows are made there): a hidden window whose context
  // shares ui_window's textures, and the render thread.
  // coil_mesh: the coil's casing (render/coil_model.h), used on the render thread only.
  static Result<std::unique_ptr<SceneRenderer>> start(GLFWwindow* ui_window,
                                                      vtkSmartPointer<vtkPolyData> coil_mesh);
  ~SceneRenderer();
  SceneRenderer(const SceneRenderer&) = delete;
  SceneRenderer& operator=(const SceneRenderer&) = delete;

  void post(Job job);
  // A job that moves something (the tracked coil): while motion continues the scene is
  // drawn with a lighter scalp, and at full detail once it has been still for a moment.
  void postMotion(Job job);
  void requestFrame(int width, int height);  // the size the view is drawn at
  // Not on screen (the technician's view alone): jobs are applied, nothing is rendered.
  void setVisible(bool visible);
  Frame latest() const;
  // Called on the render thread after each frame is published (the UI loop, asleep while
  // nothing changes, wakes to show it).
  void setOnPublish(std::function<void()> on_publish);
  // Waits until every job posted so far is applied and a frame made after them is
  // published (screenshots); false after timeout_s (a frozen renderer).
  bool sync(double timeout_s);
  void freeze(double seconds);  // test hook: the render thread blocks this long
  bool frozen() const { return frozen_.load(); }
  std::uint64_t framesRendered() const { return frames_.load(); }

 private:
  SceneRenderer(GLFWwindow* context, vtkSmartPointer<vtkPolyData> coil_mesh);
  void run(std::stop_token stop);
  void renderFrame(Scene& scene, FramebufferView& view, int width, int height, double scale);

  GLFWwindow* context_;  // hidden; current on the render thread only
  vtkSmartPointer<vtkPolyData> coil_mesh_;
  mutable std::mutex mutex_;
  std::condition_variable_any wake_;
  std::condition_variable published_;
  std::deque<Job> jobs_;
  std::uint64_t posted_ = 0, applied_ = 0, applied_at_publish_ = 0;
  int want_w_ = 0, want_h_ = 0;
  bool dirty_ = true;
  bool visible_ = true;
  std::chrono::steady_clock::time_point last_motion_{};
  Frame frame_;
  std::function<void()> on_publish_;
  std::atomic<bool> frozen_{false};
  std::atomic<std::uint64_t> frames_{0};
  // Three textures: the UI draws the published one while the next is rendered into
  // another, and the third is never one the UI might still be sampling.
  unsigned textures_[3] = {0, 0, 0};
  unsigned fbo_ = 0;
  int tex_w_ = 0, tex_h_ = 0;
  int next_ = 0;
  std::jthread thread_;  // last: started once everything above exists
};

}  // namespace tmsnav
