#include "io/exchange_placement.h"

#include <cstdio>

#include <Eigen/SVD>

#include "core/coords.h"
#include "tracking/rigid.h"

namespace tmsnav {

namespace {
using CoilPose = Transform<frame::Coil, frame::Mri>;

// Every pose of e through f (LPS in, LPS out).
template <typename F>
Result<Done> mapPoses(Exchange& e, F f) {
  for (auto& t : e.targets) {
    auto p = f(t.coil_to_mri);
    if (!p) return Error{"target '" + t.name + "': " + p.error()};
    if (t.cortex_lps) t.cortex_lps = (p->iso() * t.coil_to_mri.iso().inverse()) * *t.cortex_lps;
    t.coil_to_mri = *p;
  }
  for (auto& pulse : e.pulses) {
    if (!pulse.coil_to_mri) continue;
    auto p = f(*pulse.coil_to_mri);
    if (!p) return Error{"pulse '" + pulse.name + "': " + p.error()};
    pulse.coil_to_mri = *p;
  }
  return Done{};
}

std::string mm(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

// How far two voxel-to-world maps put the volume's corners apart.
double cornerDistance(const NiftiHeader& h, const Eigen::Matrix4d& a, const Eigen::Matrix4d& b) {
  double worst = 0;
  for (int corner = 0; corner < 8; ++corner) {
    const Eigen::Vector4d ijk((corner & 1) ? h.dim[1] - 1 : 0, (corner & 2) ? h.dim[2] - 1 : 0,
                              (corner & 4) ? h.dim[3] - 1 : 0, 1);
    worst = std::max(worst, ((a - b) * ijk).head<3>().norm());
  }
  return worst;
}
}  // namespace

Result<std::string> placeScannerOnMri(Exchange& e, const NiftiHeader& mri) {
  if (e.space != kScannerRas) return std::string();
  if (mri.qform_code <= 0)
    return Error{
        "NIfTI:Scanner coordinates are the image's qform world, but the MRI has no "
        "qform (qform_code 0): give the NIfTI file Brainsight loaded"};
  auto world = niftiWorld(mri);
  if (!world) return Error{world.error()};
  const Eigen::Matrix4d q = qformToRas(mri);
  const double apart = cornerDistance(mri, world->voxel_to_ras, q);
  e.space = kWorldRas;
  if (apart <= kQformSformAgreementMm)
    return "NIfTI:Scanner: the MRI's qform and sform agree (within " + mm(apart) +
           " mm): the scanner world is the MRI's world";
  // scanner RAS -> voxel (qform) -> the MRI's world RAS
  const Eigen::Matrix4d scanner_to_world_ras = world->voxel_to_ras * q.inverse();
  auto rigid = toRigid(lpsMatrixFromRas(scanner_to_world_ras));
  if (!rigid)
    return Error{"NIfTI:Scanner: the MRI's qform and sform differ by more than a rigid move (" +
                 rigid.error() + "): the poses cannot be placed"};
  const Transform<frame::Mri, frame::Mri> move(*rigid);
  if (auto r = mapPoses(
          e, [&](const CoilPose& p) -> Result<CoilPose> { return CoilPose(move.iso() * p.iso()); });
      !r)
    return Error{r.error()};
  return "NIfTI:Scanner: the MRI's qform and sform disagree by up to " + mm(apart) +
         " mm; poses placed through the qform onto the MRI's world (" + world->source + ")";
}

Result<std::string> checkAssociatedImage(const Exchange& e, const NiftiHeader& mri) {
  if (!e.associated_image) return std::string();
  if (mri.qform_code <= 0)
    return Error{"the file names its image by a NIfTI qform, but the MRI has none (qform_code 0)"};
  NiftiHeader theirs = mri;
  const AssociatedImage& a = *e.associated_image;
  theirs.quatern_b = a.quatern[0], theirs.quatern_c = a.quatern[1], theirs.quatern_d = a.quatern[2];
  theirs.qoffset = Eigen::Vector3d(a.qoffset[0], a.qoffset[1], a.qoffset[2]);
  for (int i = 0; i < 4; ++i)
    theirs.pixdim[static_cast<size_t>(i)] = a.pixdim[static_cast<size_t>(i)];
  const double apart = cornerDistance(mri, qformToRas(mri), qformToRas(theirs));
  if (!(apart <= kSameImageMm))
    return Error{"the file was made on another image: its qform puts the MRI's corners up to " +
                 mm(apart) + " mm away from the MRI's own"};
  return "the file's image is the MRI (qforms within " + mm(apart) + " mm)";
}

AssociatedImage associatedImageOf(const NiftiHeader& mri) {
  return AssociatedImage{{mri.quatern_b, mri.quatern_c, mri.quatern_d},
                         {mri.qoffset.x(), mri.qoffset.y(), mri.qoffset.z()},
                         {mri.pixdim[0], mri.pixdim[1], mri.pixdim[2], mri.pixdim[3]}};
}

Result<std::string> placeMniOnSubject(Exchange& e, const MniRegistration& registration) {
  if (e.space != kMniRas) return std::string();
  if (registration.unusable) return Error{"MNI poses: " + *registration.unusable};
  const Eigen::Matrix3d linear = registration.mni_to_subject.topLeftCorner<3, 3>();
  auto r = mapPoses(e, [&](const CoilPose& p) -> Result<CoilPose> {
    Eigen::Isometry3d out = Eigen::Isometry3d::Identity();
    out.translation() = registration.toSubject(Eigen::Vector3d(p.iso().translation()));
    // Axes through the affine's linear part, then the nearest rotation (a coil is rigid).
    Eigen::JacobiSVD<Eigen::Matrix3d> svd(linear * p.iso().linear(),
                                          Eigen::ComputeFullU | Eigen::ComputeFullV);
    out.linear() = svd.matrixU() * svd.matrixV().transpose();
    if (out.linear().determinant() < 0) return Error{"the MNI registration mirrors the head"};
    return CoilPose(out);
  });
  if (!r) return Error{r.error()};
  e.space = kWorldRas;
  return std::string(
      "MNI poses carried onto the patient through the MNI registration (as mni: "
      "targets are)");
}

}  // namespace tmsnav
