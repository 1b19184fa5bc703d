#pragma once
// Writing results at the file edge: masks on the input's grid, meshes converted to RAS.
#include <string>

#include <vtkPolyData.h>
#include <vtkSmartPointer.h>

#include "imaging/volume.h"

namespace tmsnav {

Result<Done> writeMask(const MaskImage* mask, const std::string& path);
// An intensity volume (for peers' tools, e.g. the benchmark's elastix), atomically.
Result<Done> writeVolume(const ImageF* image, const std::string& path);
// .vtp, .stl or .obj, chosen by extension; the mesh is LPS inside and RAS in the file.
Result<Done> writeMeshRas(vtkPolyData* mesh_lps, const std::string& path);
Result<vtkSmartPointer<vtkPolyData>> readMeshRas(const std::string& path);

}  // namespace tmsnav
