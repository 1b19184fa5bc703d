#include "app/cli/scene_shot.h"

#include <cstdio>

#include "app/asset_paths.h"
#include "render/offscreen.h"
#include "render/scene.h"

namespace tmsnav {

namespace {
constexpr float kCohortPointPx = 16.0f;
constexpr double kCohortViewMm = 200.0;
}  // namespace

Result<Done> renderPlanShot(vtkPolyData* scalp_lps, const PlannedTarget& target, const Shot& shot,
                            const std::string& png_path) {
  auto coil = loadCoilMesh(defaultCoilModel());
  if (!coil) return Error{coil.error()};
  Scene scene(*coil);
  scene.setScalpOpacity(shot.scalp_opacity);
  scene.setScalp(scalp_lps);
  scene.setScalpDepthColours(shot.scalp_depth);
  if (shot.cortex_lps) scene.setCortex(shot.cortex_lps);
  if (shot.cortex_lps && !shot.cortex_array.empty())
    scene.setCortexScalars(shot.cortex_array, shot.cortex_array_max, shot.cortex_legend);
  scene.setTarget(target.target_lps, target.entry_lps, target.target_to_mri.iso());
  if (!shot.other_entries.empty()) scene.setOtherEntries(shot.other_entries);
  scene.setTrackedCoil(shot.coil_to_mri, shot.state);
  scene.setCaption(shot.caption);
  scene.resetCamera();
  return renderToPng(scene, shot.width, shot.height, png_path);
}

Result<Done> renderPointsShot(vtkPolyData* scalp_lps,
                              const std::vector<Scene::ColouredPoint>& points,
                              const std::string& caption, int width, int height,
                              const std::string& png_path) {
  auto coil = loadCoilMesh(defaultCoilModel());
  if (!coil) return Error{coil.error()};
  Scene scene(*coil);
  scene.setScalpOpacity(1.0);  // the points sit on the scalp: an opaque one hides none
  scene.setScalp(scalp_lps);
  scene.setColouredPoints(points, kCohortPointPx);
  scene.setTrackedCoil(std::nullopt, GuidanceState::NotTracking);
  scene.setCaption(caption);
  Eigen::Vector3d centre = Eigen::Vector3d::Zero();
  for (const auto& p : points) centre += p.p_lps / double(points.size());
  if (points.empty())
    scene.resetCamera();
  else
    scene.lookAt(centre, kCohortViewMm);  // close enough to tell the subjects apart
  return renderToPng(scene, width, height, png_path);
}

Result<std::pair<int, int>> parseSize(const std::string& text) {
  int w = 0, h = 0;
  char x = 0, extra = 0;
  if (std::sscanf(text.c_str(), "%d%c%d%c", &w, &x, &h, &extra) != 3 || x != 'x' || w < 64 ||
      h < 64 || w > 8192 || h > 8192)
    return Error{"--size must be WxH with 64..8192 pixels per side, got '" + text + "'"};
  return std::pair{w, h};
}

}  // namespace tmsnav
