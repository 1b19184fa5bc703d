#pragma once
// A mesh's open edges and pieces, for the tests of closed surfaces.
#include <vtkFeatureEdges.h>
#include <vtkNew.h>
#include <vtkPolyData.h>
#include <vtkPolyDataConnectivityFilter.h>

namespace tmsnav::test {

// Edges with one triangle (holes) or three and more (non-manifold).
inline vtkIdType openEdgeCount(vtkPolyData* mesh) {
  vtkNew<vtkFeatureEdges> edges;
  edges->SetInputData(mesh);
  edges->BoundaryEdgesOn();
  edges->NonManifoldEdgesOn();
  edges->FeatureEdgesOff();
  edges->ManifoldEdgesOff();
  edges->Update();
  return edges->GetOutput()->GetNumberOfCells();
}

inline int pieceCount(vtkPolyData* mesh) {
  vtkNew<vtkPolyDataConnectivityFilter> pieces;
  pieces->SetInputData(mesh);
  pieces->SetExtractionModeToAllRegions();
  pieces->Update();
  return pieces->GetNumberOfExtractedRegions();
}

}  // namespace tmsnav::test
