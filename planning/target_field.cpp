#include "planning/target_field.h"

#include "efield/coil_field.h"
#include "planning/efield_on_patient.h"

namespace tmsnav {

TargetField::TargetField(vtkSmartPointer<vtkPolyData> inner_skull_lps, efield::CoilDipoles coil,
                         const Eigen::Vector3d& target_lps)
    : inner_skull_(std::move(inner_skull_lps)),
      index_(std::make_shared<SurfaceIndex>(inner_skull_.Get())),
      coil_(std::move(coil)),
      target_lps_(target_lps) {
  index_->build();
}

Result<double> TargetField::operator()(const Eigen::Isometry3d& coil_to_mri,
                                       double didt_a_per_us) const {
  if (!(didt_a_per_us > 0)) return Error{"no dI/dt"};
  auto sphere = fitLocalSphere(*index_, coil_to_mri);
  if (!sphere) return Error{sphere.error()};
  const auto placed = efield::placeCoil(coil_, coil_to_mri, sphere->sphere.centre_mm);
  return efield::fieldAt(placed, target_lps_, didt_a_per_us).norm();
}

}  // namespace tmsnav
