#pragma once
// Figure-of-eight coil geometry in the coil frame (docs/frames.md): origin at the centre of
// the scalp-facing surface, +z into the head, +y toward the handle, mm.
#include <string>

#include <vtkPolyData.h>
#include <vtkSmartPointer.h>

namespace tmsnav {

struct CoilGeometry {
  std::string name = "figure-8 70 mm";
  double wing_radius_mm = 45.0;
  double wing_gap_mm = 4.0;  // between the two wings at the centre
  double casing_thickness_mm = 16.0;
  double handle_length_mm = 140.0;
  double handle_width_mm = 32.0;
};

vtkSmartPointer<vtkPolyData> buildCoilPolyData(const CoilGeometry& g);

}  // namespace tmsnav
