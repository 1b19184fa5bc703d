#pragma once
// Renders a scene into a PNG without showing a window (needs an X display: Xvfb will do).
#include <string>

#include "core/result.h"
#include "render/scene.h"

namespace tmsnav {

Result<Done> renderToPng(Scene& scene, int width, int height, const std::string& path);

}  // namespace tmsnav
