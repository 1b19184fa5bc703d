#pragma once
// Whether a point's label faces the viewer (render/scene_markers.cpp).
//
// Labels are 2-D actors drawn over the 3-D scene so that a name is never hidden by the
// translucent head; without this, points on the far side of the head were labelled too,
// their names landing on the near side ("rpa" beside a left-DLPFC target). Points here lie
// on the head's surface, so one whose outward direction from the head's centre turns away
// from the camera is behind the head.
#include <Eigen/Core>

namespace tmsnav {

// Labels stay a little past the silhouette (cos 105 degrees), where the point itself is
// still seen at the rim (a camera at a finite distance sees less than half the head).
constexpr double kLabelFacingCos = -0.26;

inline bool labelFacesCamera(const Eigen::Vector3d& p, const Eigen::Vector3d& head_centre,
                             const Eigen::Vector3d& camera) {
  const Eigen::Vector3d out = p - head_centre;
  const Eigen::Vector3d to_camera = camera - p;
  if (out.norm() < 1e-6 || to_camera.norm() < 1e-6) return true;  // no side to judge
  return out.normalized().dot(to_camera.normalized()) > kLabelFacingCos;
}

}  // namespace tmsnav
