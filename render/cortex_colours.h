#pragma once
// Per-vertex colours of the cortex: shaded by sulcal depth (dark in sulci, light on gyral
// crowns) so that gyri read clearly, and an atlas region drawn in orange with the same
// shading. Without a depth array the cortex is one flat colour.
#include <vector>

#include <vtkPolyData.h>
#include <vtkSmartPointer.h>
#include <vtkUnsignedCharArray.h>

namespace tmsnav {

// flags: empty, or 1 per vertex inside the highlighted region.
vtkSmartPointer<vtkUnsignedCharArray> cortexColours(vtkPolyData* cortex_lps,
                                                    const std::vector<unsigned char>& flags);

}  // namespace tmsnav
