#pragma once
// The one place where RAS (files, MNI, UI) meets LPS (inside). Both are right-handed world
// frames that differ by a 180 degree rotation about the superior axis.
#include <Eigen/Geometry>

namespace tmsnav {

inline Eigen::Vector3d lpsFromRas(const Eigen::Vector3d& p_ras) {
  return {-p_ras.x(), -p_ras.y(), p_ras.z()};
}
inline Eigen::Vector3d rasFromLps(const Eigen::Vector3d& p_lps) {
  return {-p_lps.x(), -p_lps.y(), p_lps.z()};
}

// A 4x4 that maps some frame into LPS becomes one that maps it into RAS (and back: the
// flip is its own inverse).
inline Eigen::Matrix4d rasMatrixFromLps(const Eigen::Matrix4d& to_lps) {
  Eigen::Matrix4d flip = Eigen::Matrix4d::Identity();
  flip(0, 0) = -1;
  flip(1, 1) = -1;
  return flip * to_lps;
}
inline Eigen::Matrix4d lpsMatrixFromRas(const Eigen::Matrix4d& to_ras) {
  return rasMatrixFromLps(to_ras);
}

// A map from LPS to LPS (e.g. MNI -> subject) written as a map from RAS to RAS.
inline Eigen::Matrix4d rasMapFromLpsMap(const Eigen::Matrix4d& lps_to_lps) {
  Eigen::Matrix4d flip = Eigen::Matrix4d::Identity();
  flip(0, 0) = -1;
  flip(1, 1) = -1;
  return flip * lps_to_lps * flip;
}

constexpr double kPi = 3.14159265358979323846;
inline double degFromRad(double rad) {
  return rad * 180.0 / kPi;
}
inline double radFromDeg(double deg) {
  return deg * kPi / 180.0;
}

}  // namespace tmsnav
