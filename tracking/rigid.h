#pragma once
// Checks that a 4x4 from a tracker or a file is a finite rigid transform, and removes the
// small rounding that recordings carry (PLUS files keep ~6 significant digits).
#include <string>

#include <Eigen/Geometry>

#include "core/result.h"

namespace tmsnav {

// |R^T R - I| and |det R - 1| above this are not rigid (rounding in real files: ~5e-4).
constexpr double kRigidTolerance = 1e-3;

// Returns the nearest proper rotation (SVD) with the translation, or why it is refused.
Result<Eigen::Isometry3d> toRigid(const Eigen::Matrix4d& m, double tolerance = kRigidTolerance);

bool isFinite(const Eigen::Matrix4d& m);

}  // namespace tmsnav
