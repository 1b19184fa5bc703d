#pragma once
// How far an MNI registration turns the head from the axes of the image's header.
#include <Eigen/Core>

namespace tmsnav {

// The angle (degrees) of the rotation in an MNI -> subject map (LPS to LPS; its linear
// part's nearest rotation, scaling and shear left out): a head's tilt in the scanner
// (0-30 degrees) for a header a scanner wrote; 180 for a mirror or a non-finite map.
double headerTurnDeg(const Eigen::Matrix4d& mni_to_subject);

}  // namespace tmsnav
