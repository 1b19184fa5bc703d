#include "tracking/rigid.h"

#include <cmath>

#include <Eigen/SVD>

namespace tmsnav {

bool isFinite(const Eigen::Matrix4d& m) {
  return m.allFinite();
}

Result<Eigen::Isometry3d> toRigid(const Eigen::Matrix4d& m, double tolerance) {
  if (!m.allFinite()) return Error{"matrix has NaN or Inf"};
  const Eigen::RowVector4d last = m.row(3);
  if ((last - Eigen::RowVector4d(0, 0, 0, 1)).cwiseAbs().maxCoeff() > tolerance)
    return Error{"matrix last row is not [0,0,0,1]"};
  const Eigen::Matrix3d r = m.topLeftCorner<3, 3>();
  const double ortho = (r.transpose() * r - Eigen::Matrix3d::Identity()).cwiseAbs().maxCoeff();
  if (ortho > tolerance) return Error{"rotation is not orthonormal"};
  if (std::abs(r.determinant() - 1.0) > tolerance) return Error{"rotation determinant is not 1"};
  Eigen::JacobiSVD<Eigen::Matrix3d> svd(r, Eigen::ComputeFullU | Eigen::ComputeFullV);
  Eigen::Isometry3d out = Eigen::Isometry3d::Identity();
  out.linear() = svd.matrixU() * svd.matrixV().transpose();
  out.translation() = m.topRightCorner<3, 1>();
  return out;
}

}  // namespace tmsnav
