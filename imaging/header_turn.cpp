// Apart from mni_registration.cpp: ITK's transform headers there bring their own Eigen.
#include <algorithm>
#include <cmath>

#include <Eigen/SVD>

#include "core/coords.h"
#include "imaging/header_turn.h"

namespace tmsnav {

double headerTurnDeg(const Eigen::Matrix4d& mni_to_subject) {
  const Eigen::Matrix3d a = mni_to_subject.topLeftCorner<3, 3>();
  if (!a.allFinite()) return 180.0;
  // The polar decomposition's rotation: scaling and shear left out.
  Eigen::JacobiSVD<Eigen::Matrix3d> svd(a, Eigen::ComputeFullU | Eigen::ComputeFullV);
  Eigen::Matrix3d r = svd.matrixU() * svd.matrixV().transpose();
  if (r.determinant() < 0) return 180.0;  // a mirror is no turn of the head
  return degFromRad(std::acos(std::clamp((r.trace() - 1.0) / 2.0, -1.0, 1.0)));
}

}  // namespace tmsnav
