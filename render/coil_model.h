#pragma once
// Figure-of-eight coil casing in the coil frame (docs/frames.md): origin at the centre of
// the casing's scalp-facing (bottom) face, +z into the head, +y toward the handle, mm.
// The casing is two round wings merged at the centre, with rounded edges, and a handle
// along +y on the head-averted side; the mesh's cells carry the array "part" (kCasingPart,
// kHandlePart) so the casing and the handle can be measured apart.
#include <array>
#include <string>

#include <vtkPolyData.h>
#include <vtkSmartPointer.h>

#include "core/result.h"

namespace tmsnav {

struct CoilGeometry {
  std::string name = "figure-8 70 mm";
  double wing_centre_mm = 44.0;       // the wings' centres at x = +-wing_centre_mm
  double wing_radius_mm = 48.0;       // each wing's outer radius (winding + rim)
  double casing_thickness_mm = 11.0;  // from the scalp face (z = 0) to z = -thickness
  double edge_radius_mm = 3.0;        // rounding of the casing's rims
  double handle_length_mm = 140.0;    // beyond the casing's edge on the midline
  double handle_width_mm = 32.0;      // along x
  double handle_height_mm = 20.0;     // along z
  double handle_clearance_mm = 2.0;   // between the scalp face's plane and the handle
  // A mesh file in the coil frame (VTK XML .vtp), drawn instead of one built from the
  // numbers above; empty: built. Absolute, or relative to the coil model's folder.
  std::string casing_mesh;
};

constexpr const char* kCoilPartArray = "part";
constexpr unsigned char kCasingPart = 0, kHandlePart = 1;

// Empty when the numbers make a casing; else why not (wings that do not meet, ...).
std::string checkCoilGeometry(const CoilGeometry& g);
// The casing and handle built from the numbers (deterministic: the same numbers give the
// same mesh). The numbers must pass checkCoilGeometry.
vtkSmartPointer<vtkPolyData> buildCoilPolyData(const CoilGeometry& g);
// The mesh to draw: g.casing_mesh read, or built from the numbers when there is none.
Result<vtkSmartPointer<vtkPolyData>> coilMesh(const CoilGeometry& g);
// A coil mesh file (VTK XML polydata, binary, in the coil frame), written atomically.
Result<Done> writeCoilMesh(vtkPolyData* mesh, const std::string& path);

// Bounds (xmin, xmax, ymin, ymax, zmin, zmax) of the cells of one part; all cells when the
// mesh has no "part" array. NaN when the part has no cells.
std::array<double, 6> coilPartBounds(vtkPolyData* mesh, unsigned char part);

}  // namespace tmsnav
