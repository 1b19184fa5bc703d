#pragma once
// Renders a scene into a PNG without showing a window (needs an X display: Xvfb will do).
#include <string>

#include "core/result.h"
#include "render/scene.h"

class vtkRenderWindow;

namespace tmsnav {

Result<Done> renderToPng(Scene& scene, int width, int height, const std::string& path);
// What an off-screen window last rendered, as a PNG written atomically.
Result<Done> saveWindowPng(vtkRenderWindow* window, const std::string& path);

}  // namespace tmsnav
