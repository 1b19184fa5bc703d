#pragma once
// How deep each cortex vertex lies in its fold: its signed distance (mm) to a heavily
// smoothed copy of the surface, along that copy's normal. Positive on the crowns of gyri,
// negative in sulci, like FreeSurfer's "sulc". Colouring the cortex by it makes gyri and
// sulci readable on software GL, where lighting alone flattens them.
#include <vtkPolyData.h>

namespace tmsnav {

inline const char* kSulcalDepthArray = "sulcal_depth_mm";

// Adds the point array kSulcalDepthArray to cortex_lps (which needs point normals).
void addSulcalDepth(vtkPolyData* cortex_lps);

}  // namespace tmsnav
