#pragma once
// The live E-field map on screen (issue 29): what the banner and the technician's view say,
// and the 3-D view's map, posted to the render thread only when a new map arrives or the
// pose stops (or starts) being usable: a still coil costs no 3-D frames.
#include <cstdint>
#include <string>

#include "app/gui/app_model.h"
#include "app/gui/scene_renderer.h"

namespace tmsnav {

// "E at target 112 V/m (60 %MSO)", "E at target: not shown (tracker data too old)", or
// empty when no session maps the field.
std::string liveFieldLine(const AppModel& model);

class FieldMapSync {
 public:
  void sync(const AppModel& model, SceneRenderer& scene);

 private:
  enum class Shown { None, Grey, Map };
  Shown shown_ = Shown::None;
  std::uint64_t serial_ = 0;
};

}  // namespace tmsnav
