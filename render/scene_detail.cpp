#include "render/scene_detail.h"

#include <algorithm>

#include <vtkNew.h>
#include <vtkPolyDataMapper.h>
#include <vtkProperty.h>
#include <vtkSphereSource.h>

namespace tmsnav::scene_detail {

// Viridis (matplotlib's, sampled at 9 points and interpolated), reversed so that the
// shallow cortex (the TMS-reachable one) is the bright end.
void viridis(vtkLookupTable* table, bool bright_high) {
  constexpr double kStops[9][3] = {
      {0.267, 0.005, 0.329}, {0.279, 0.175, 0.483}, {0.230, 0.322, 0.546},
      {0.173, 0.449, 0.558}, {0.128, 0.567, 0.551}, {0.153, 0.680, 0.504},
      {0.369, 0.789, 0.383}, {0.678, 0.864, 0.190}, {0.993, 0.906, 0.144}};
  constexpr int kColours = 256;
  table->SetNumberOfTableValues(kColours);
  for (int i = 0; i < kColours; ++i) {
    const double u = i / double(kColours - 1);
    const double f = 8.0 * (bright_high ? u : 1.0 - u);  // depth: near = yellow
    const int k = std::min(7, static_cast<int>(f));
    const double t = f - k;
    table->SetTableValue(i, kStops[k][0] + t * (kStops[k + 1][0] - kStops[k][0]),
                         kStops[k][1] + t * (kStops[k + 1][1] - kStops[k][1]),
                         kStops[k][2] + t * (kStops[k + 1][2] - kStops[k][2]), 1.0);
  }
}

void useMesh(vtkActor* actor, vtkPolyData* mesh) {
  vtkNew<vtkPolyDataMapper> mapper;
  mapper->SetInputData(mesh);
  mapper->ScalarVisibilityOff();  // the actor's colour, whatever data arrays the mesh carries
  actor->SetMapper(mapper);
}

void useSphere(vtkActor* actor, double radius_mm, double r, double g, double b) {
  vtkNew<vtkSphereSource> s;
  s->SetRadius(radius_mm);
  s->SetThetaResolution(24);
  s->SetPhiResolution(16);
  vtkNew<vtkPolyDataMapper> mapper;
  mapper->SetInputConnection(s->GetOutputPort());
  actor->SetMapper(mapper);
  actor->GetProperty()->SetColor(r, g, b);
}

}  // namespace tmsnav::scene_detail
