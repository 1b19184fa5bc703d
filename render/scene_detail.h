#pragma once
// Helpers render/scene.cpp and render/scene_field.cpp share (not part of Scene's interface).
#include <vtkActor.h>
#include <vtkLookupTable.h>
#include <vtkPolyData.h>

namespace tmsnav::scene_detail {

// Viridis into `table` (256 colours); bright_high: the high end is the bright (yellow) one.
void viridis(vtkLookupTable* table, bool bright_high = false);

// The actor draws `mesh` in its own colour, whatever data arrays the mesh carries.
void useMesh(vtkActor* actor, vtkPolyData* mesh);

// The actor draws a sphere of radius_mm in colour (r, g, b).
void useSphere(vtkActor* actor, double radius_mm, double r, double g, double b);

}  // namespace tmsnav::scene_detail
