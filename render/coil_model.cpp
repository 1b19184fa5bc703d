#include "render/coil_model.h"

#include <vtkAppendPolyData.h>
#include <vtkCubeSource.h>
#include <vtkCylinderSource.h>
#include <vtkNew.h>
#include <vtkTransform.h>
#include <vtkTransformPolyDataFilter.h>
#include <vtkTriangleFilter.h>

namespace tmsnav {

namespace {
vtkSmartPointer<vtkPolyData> placed(vtkAlgorithm* source, vtkTransform* t) {
  vtkNew<vtkTransformPolyDataFilter> f;
  f->SetInputConnection(source->GetOutputPort());
  f->SetTransform(t);
  f->Update();
  vtkSmartPointer<vtkPolyData> out = f->GetOutput();
  return out;
}
}  // namespace

vtkSmartPointer<vtkPolyData> buildCoilPolyData(const CoilGeometry& g) {
  vtkNew<vtkAppendPolyData> append;
  const double h = g.casing_thickness_mm;
  for (int side : {-1, 1}) {
    vtkNew<vtkCylinderSource> wing;  // axis along y before rotation
    wing->SetRadius(g.wing_radius_mm);
    wing->SetHeight(h);
    wing->SetResolution(48);
    vtkNew<vtkTransform> t;
    t->Translate(side * (g.wing_radius_mm + 0.5 * g.wing_gap_mm), 0, -0.5 * h);
    t->RotateX(90);
    append->AddInputData(placed(wing, t));
  }
  vtkNew<vtkCubeSource> handle;
  handle->SetXLength(g.handle_width_mm);
  handle->SetYLength(g.handle_length_mm);
  handle->SetZLength(0.8 * h);
  vtkNew<vtkTransform> th;
  th->Translate(0, 0.5 * g.wing_radius_mm + 0.5 * g.handle_length_mm, -0.6 * h);
  append->AddInputData(placed(handle, th));

  vtkNew<vtkCylinderSource> axis;  // shows where the field points: into the head
  axis->SetRadius(1.5);
  axis->SetHeight(30.0);
  axis->SetResolution(12);
  vtkNew<vtkTransform> ta;
  ta->Translate(0, 0, 15.0);
  ta->RotateX(90);
  append->AddInputData(placed(axis, ta));

  vtkNew<vtkTriangleFilter> tri;
  tri->SetInputConnection(append->GetOutputPort());
  tri->Update();
  vtkSmartPointer<vtkPolyData> out = tri->GetOutput();
  return out;
}

}  // namespace tmsnav
