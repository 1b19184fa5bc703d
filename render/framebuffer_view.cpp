#include "render/framebuffer_view.h"

#include <algorithm>

#include <vtkCallbackCommand.h>
#include <vtkInteractorStyleTrackballCamera.h>
#include <vtkOpenGLFramebufferObject.h>
#include <vtkOpenGLState.h>
#include <vtkTextureObject.h>

namespace tmsnav {

FramebufferView::FramebufferView(Scene& scene, std::function<void()> make_current)
    : scene_(scene), make_current_(std::move(make_current)) {
  vtkNew<vtkCallbackCommand> is_current;
  is_current->SetCallback([](vtkObject*, unsigned long, void*, void* call_data) {
    *static_cast<bool*>(call_data) = true;  // the host keeps its context current
  });
  window_->AddObserver(vtkCommand::WindowIsCurrentEvent, is_current);
  vtkNew<vtkCallbackCommand> make_current_cb;
  make_current_cb->SetClientData(this);
  make_current_cb->SetCallback([](vtkObject*, unsigned long, void* self, void*) {
    auto* view = static_cast<FramebufferView*>(self);
    if (view->make_current_) view->make_current_();
  });
  window_->AddObserver(vtkCommand::WindowMakeCurrentEvent, make_current_cb);
  window_->SetFrameBlitModeToNoBlit();
  window_->SetMultiSamples(0);
  window_->AddRenderer(scene_.renderer());

  vtkNew<vtkInteractorStyleTrackballCamera> style;
  style->SetDefaultRenderer(scene_.renderer());
  interactor_->SetInteractorStyle(style);
  interactor_->EnableRenderOff();
  interactor_->SetRenderWindow(window_);
}

FramebufferView::~FramebufferView() {
  window_->RemoveRenderer(scene_.renderer());
}

unsigned int FramebufferView::render(int width, int height) {
  width = std::max(width, 16);
  height = std::max(height, 16);
  if (!initialized_) {
    window_->InitializeFromCurrentContext();
    initialized_ = true;
  }
  if (width != width_ || height != height_) {
    width_ = width;
    height_ = height;
    window_->SetSize(width, height);
    interactor_->SetSize(width, height);
  }
  // The host draws with the same context: resync VTK's GL state cache, and give the host
  // its state back afterwards.
  vtkOpenGLState* state = window_->GetState();
  state->Reset();
  state->Push();
  window_->Render();
  state->Pop();
  return window_->GetDisplayFramebuffer()->GetColorAttachmentAsTextureObject(0)->GetHandle();
}

unsigned FramebufferView::displayFramebuffer() const {
  return window_->GetDisplayFramebuffer()->GetFBOIndex();
}

void FramebufferView::mouseMove(double x, double y) {
  interactor_->SetEventInformationFlipY(static_cast<int>(x), static_cast<int>(y));
  interactor_->InvokeEvent(vtkCommand::MouseMoveEvent, nullptr);
}

void FramebufferView::mouseButton(MouseButton button, bool pressed, double x, double y) {
  interactor_->SetEventInformationFlipY(static_cast<int>(x), static_cast<int>(y));
  unsigned long event = 0;
  switch (button) {
    case MouseButton::Left:
      event = pressed ? vtkCommand::LeftButtonPressEvent : vtkCommand::LeftButtonReleaseEvent;
      break;
    case MouseButton::Middle:
      event = pressed ? vtkCommand::MiddleButtonPressEvent : vtkCommand::MiddleButtonReleaseEvent;
      break;
    case MouseButton::Right:
      event = pressed ? vtkCommand::RightButtonPressEvent : vtkCommand::RightButtonReleaseEvent;
      break;
  }
  interactor_->InvokeEvent(event, nullptr);
}

void FramebufferView::mouseWheel(double delta, double x, double y) {
  interactor_->SetEventInformationFlipY(static_cast<int>(x), static_cast<int>(y));
  interactor_->InvokeEvent(
      delta > 0 ? vtkCommand::MouseWheelForwardEvent : vtkCommand::MouseWheelBackwardEvent,
      nullptr);
}

}  // namespace tmsnav
