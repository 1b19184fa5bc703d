#pragma once
// Axial, coronal and sagittal slices through the target (or the volume centre), labelled
// with anatomical letters, radiological or neurological. A click sets the target there.
#include <array>
#include <optional>
#include <vector>

#include "app/gui/app_model.h"
#include "app/gui/gl_texture.h"
#include "app/gui/ui_command.h"
#include "imaging/world_slice.h"

namespace tmsnav {

class SliceViews {
 public:
  // Draws the three views into the current ImGui window, each `size` pixels square.
  void draw(const AppModel& model, float size, std::vector<UiCommand>& out);
  SliceConvention convention() const { return convention_; }
  // Where the three images were last drawn (screen pixels: x0, y0, x1, y1), for tests.
  const std::array<std::array<float, 4>, 3>& drawnRects() const { return drawn_rects_; }

 private:
  void refresh(const AppModel& model, const Eigen::Vector3d& centre_lps);

  SliceConvention convention_ = SliceConvention::Radiological;
  std::array<std::array<float, 4>, 3> drawn_rects_{};
  std::array<WorldSlice, 3> slices_;
  std::array<GlTexture, 3> textures_;
  std::optional<IntensityWindow> window_;
  std::uint64_t revision_ = ~0ULL;
  SliceConvention drawn_convention_ = SliceConvention::Radiological;
  Eigen::Vector3d drawn_centre_ = Eigen::Vector3d::Constant(1e300);
};

}  // namespace tmsnav
