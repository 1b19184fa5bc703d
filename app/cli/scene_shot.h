#pragma once
// One picture of a plan: scalp, target, planned coil and (optionally) a tracked coil.
#include <optional>
#include <string>
#include <vector>

#include "io/plan_file.h"
#include "render/scene.h"
#include "tracking/guidance.h"

namespace tmsnav {

struct Shot {
  int width = 1280, height = 800;
  std::string caption;
  std::optional<Eigen::Isometry3d> coil_to_mri;  // tracked coil, LPS
  GuidanceState state = GuidanceState::NotTracking;
  vtkPolyData* cortex_lps = nullptr;               // drawn when set
  double scalp_opacity = 0.55;                     // 0 hides the scalp
  bool scalp_depth = false;                        // colour the scalp by scalp-to-cortex distance
  std::string cortex_array;  // colour the cortex by this point array (0 to cortex_array_max)
  double cortex_array_max = 1.0;
  std::string cortex_legend;  // the legend's title, e.g. "E (V/m)"
  std::vector<Scene::LabelledPoint> other_entries;  // further targets' entries, named
};

// Needs a display (see ensureDisplay).
Result<Done> renderPlanShot(vtkPolyData* scalp_lps, const PlannedTarget& target, const Shot& shot,
                            const std::string& png_path);

// The scalp with coloured points on it (a cohort's targets on Colin27), seen from
// front-left-above. Needs a display.
Result<Done> renderPointsShot(vtkPolyData* scalp_lps,
                              const std::vector<Scene::ColouredPoint>& points,
                              const std::string& caption, int width, int height,
                              const std::string& png_path);

Result<std::pair<int, int>> parseSize(const std::string& text);

}  // namespace tmsnav
