#pragma once
// Scalp-to-cortex distance at every scalp point: how far the coil's field must reach.
// Motor thresholds measured over M1 are commonly rescaled by the difference in this
// distance between M1 and the target (Stokes et al. 2005), so it is stored on the scalp
// mesh itself, written with it (scalp.vtp), and read wherever the coil sits.
#include <vtkPolyData.h>

#include "core/result.h"

namespace tmsnav {

inline const char* kScalpToCortexArray = "scalp_to_cortex_mm";

// Adds the point array kScalpToCortexArray to scalp_lps: each vertex's Euclidean distance
// (mm) to the nearest point of the cortex surface (not to its nearest vertex).
Result<Done> addScalpToCortexDistance(vtkPolyData* scalp_lps, vtkPolyData* cortex_lps);

}  // namespace tmsnav
