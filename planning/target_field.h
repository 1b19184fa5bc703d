#pragma once
// The E at one target for any coil pose (issue 29): what each journaled pulse carries. The
// sphere is fitted under the pose's own coil (fitLocalSphere), the coil is the reference
// dipole set, so a pulse at the planned pose gives exactly `efield --plan`'s
// target_e_v_per_m. Holds its own search structure: use one per thread.
#include <memory>

#include <vtkPolyData.h>
#include <vtkSmartPointer.h>
#include <Eigen/Geometry>

#include "core/result.h"
#include "efield/coil_dipoles.h"
#include "imaging/surface_index.h"

namespace tmsnav {

class TargetField {
 public:
  // inner_skull_lps: the patient's (kept alive here); coil: its reference dipoles.
  TargetField(vtkSmartPointer<vtkPolyData> inner_skull_lps, efield::CoilDipoles coil,
              const Eigen::Vector3d& target_lps);
  // |E| (V/m) at the target, or why not (the coil is not over this head).
  [[nodiscard]] Result<double> operator()(const Eigen::Isometry3d& coil_to_mri,
                                          double didt_a_per_us) const;

 private:
  vtkSmartPointer<vtkPolyData> inner_skull_;
  std::shared_ptr<SurfaceIndex> index_;  // shared: a std::function copies its target
  efield::CoilDipoles coil_;
  Eigen::Vector3d target_lps_;
};

}  // namespace tmsnav
