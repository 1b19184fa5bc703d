#pragma once
// Draws a Scene into an OpenGL framebuffer texture owned by VTK, inside a GL context that
// someone else created (the app's window). Input arrives as plain values: this class
// never sees the UI toolkit, so it can be driven by mouse events and by tests alike.
#include <functional>

#include <vtkGenericOpenGLRenderWindow.h>
#include <vtkGenericRenderWindowInteractor.h>
#include <vtkNew.h>

#include "render/scene.h"

namespace tmsnav {

enum class MouseButton { Left, Middle, Right };

class FramebufferView {
 public:
  // make_current makes the host's GL context current (VTK asks before it draws).
  FramebufferView(Scene& scene, std::function<void()> make_current);
  ~FramebufferView();

  // Renders at the given size (pixels) and returns the GL texture that holds the image.
  unsigned int render(int width, int height);

  // Pointer position in view pixels, origin top-left (as windowing systems report it).
  void mouseMove(double x, double y);
  void mouseButton(MouseButton button, bool pressed, double x, double y);
  void mouseWheel(double delta, double x, double y);

  int width() const { return width_; }
  // The GL framebuffer VTK rendered the last frame into (to copy it out).
  unsigned displayFramebuffer() const;
  int height() const { return height_; }

 private:
  Scene& scene_;
  std::function<void()> make_current_;
  vtkNew<vtkGenericOpenGLRenderWindow> window_;
  vtkNew<vtkGenericRenderWindowInteractor> interactor_;
  int width_ = 0, height_ = 0;
  bool initialized_ = false;
};

}  // namespace tmsnav
