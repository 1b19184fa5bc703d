#include "imaging/sulcal_depth.h"

#include <vtkFloatArray.h>
#include <vtkNew.h>
#include <vtkPointData.h>
#include <vtkPolyDataNormals.h>
#include <vtkWindowedSincPolyDataFilter.h>

#include <Eigen/Core>

namespace tmsnav {

namespace {
// Enough smoothing to iron out gyri (about 1 cm wide) but keep the lobes.
constexpr int kSmoothingIterations = 60;
constexpr double kPassBand = 0.0005;
}  // namespace

void addSulcalDepth(vtkPolyData* cortex) {
  if (!cortex || cortex->GetNumberOfPoints() == 0) return;
  vtkNew<vtkWindowedSincPolyDataFilter> smooth;
  smooth->SetInputData(cortex);
  smooth->SetNumberOfIterations(kSmoothingIterations);
  smooth->SetPassBand(kPassBand);
  smooth->BoundarySmoothingOff();
  smooth->FeatureEdgeSmoothingOff();
  smooth->NonManifoldSmoothingOn();
  smooth->NormalizeCoordinatesOn();
  vtkNew<vtkPolyDataNormals> normals;  // the smooth copy's own normals
  normals->SetInputConnection(smooth->GetOutputPort());
  normals->SplittingOff();
  normals->ConsistencyOff();  // the cortex is already wound outward
  normals->AutoOrientNormalsOff();
  normals->ComputePointNormalsOn();
  normals->Update();
  vtkPolyData* envelope = normals->GetOutput();
  vtkDataArray* n = envelope->GetPointData()->GetNormals();
  if (!n || envelope->GetNumberOfPoints() != cortex->GetNumberOfPoints()) return;

  vtkNew<vtkFloatArray> depth;
  depth->SetName(kSulcalDepthArray);
  depth->SetNumberOfTuples(cortex->GetNumberOfPoints());
  for (vtkIdType i = 0; i < cortex->GetNumberOfPoints(); ++i) {
    Eigen::Vector3d p, q, normal;
    cortex->GetPoint(i, p.data());
    envelope->GetPoint(i, q.data());
    n->GetTuple(i, normal.data());
    depth->SetValue(i, static_cast<float>((p - q).dot(normal)));
  }
  cortex->GetPointData()->AddArray(depth);
}

}  // namespace tmsnav
