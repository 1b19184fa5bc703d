#include "render/offscreen.h"

#include <vtkNew.h>
#include <vtkPNGWriter.h>
#include <vtkRenderWindow.h>
#include <vtkWindowToImageFilter.h>

#include "core/atomic_file.h"

namespace tmsnav {

Result<Done> renderToPng(Scene& scene, int width, int height, const std::string& path) {
  vtkNew<vtkRenderWindow> window;
  window->SetOffScreenRendering(1);
  window->SetMultiSamples(0);
  window->SetSize(width, height);
  window->AddRenderer(scene.renderer());
  window->Render();
  auto written = saveWindowPng(window, path);
  window->RemoveRenderer(scene.renderer());
  return written;
}

Result<Done> saveWindowPng(vtkRenderWindow* window, const std::string& path) {
  vtkNew<vtkWindowToImageFilter> grab;
  grab->SetInput(window);
  grab->SetInputBufferTypeToRGB();
  grab->ReadFrontBufferOff();
  grab->Update();
  return replaceAtomically(path, [&](const std::string& tmp) -> std::string {
    vtkNew<vtkPNGWriter> png;
    png->SetInputConnection(grab->GetOutputPort());
    png->SetFileName(tmp.c_str());
    png->Write();
    return png->GetErrorCode() ? "cannot write " + path : std::string();
  });
}

}  // namespace tmsnav
