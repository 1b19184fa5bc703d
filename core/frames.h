#pragma once
// Frame vocabulary: a rigid transform is typed by the frames it maps between, so that
// `a_to_c = b_to_c * a_to_b` compiles only when the frames chain (read right to left).
// Frames are documented in docs/frames.md. Units: mm, radians.
#include <Eigen/Geometry>

namespace tmsnav {

namespace frame {
struct Mri {};            // image world, LPS mm (ITK physical space)
struct Voxel {};          // the image's voxel indices (continuous), before spacing/direction
struct Mni {};            // MNI space (Colin27's world), LPS mm
struct Tracker {};        // tracker camera
struct HeadRef {};        // reference marker fixed to the head
struct CoilMarker {};     // marker rigidly attached to the coil
struct Coil {};           // coil: origin at centre of scalp face, +z into head, +y to handle
struct Target {};         // planned coil pose (same axes as Coil at the plan)
struct PointerMarker {};  // marker rigidly attached to the pointer (stylus)
struct PointerTip {};     // the pointer's tip: origin at the tip, +z along the shaft
}  // namespace frame

template <class Frame>
struct Point {
  Eigen::Vector3d p = Eigen::Vector3d::Zero();
};

template <class From, class To>
class Transform {
 public:
  Transform() : m_(Eigen::Isometry3d::Identity()) {}
  explicit Transform(const Eigen::Isometry3d& m) : m_(m) {}

  const Eigen::Isometry3d& iso() const { return m_; }
  Eigen::Matrix4d matrix() const { return m_.matrix(); }
  Eigen::Vector3d translation() const { return m_.translation(); }
  Eigen::Matrix3d rotation() const { return m_.linear(); }

  Transform<To, From> inverse() const { return Transform<To, From>(m_.inverse()); }
  Point<To> operator*(const Point<From>& p) const { return Point<To>{m_ * p.p}; }

 private:
  Eigen::Isometry3d m_;
};

template <class A, class B, class C>
Transform<A, C> operator*(const Transform<B, C>& b_to_c, const Transform<A, B>& a_to_b) {
  return Transform<A, C>(b_to_c.iso() * a_to_b.iso());
}

using CoilToMri = Transform<frame::Coil, frame::Mri>;

}  // namespace tmsnav
