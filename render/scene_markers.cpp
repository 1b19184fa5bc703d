// Scene's markers (render/scene.h): digitised points, coloured points, the other targets'
// entries and the landmarks with their names.
#include <array>

#include <vtkCellArray.h>
#include <vtkCoordinate.h>
#include <vtkPointData.h>
#include <vtkPoints.h>
#include <vtkPolyDataMapper.h>
#include <vtkProperty.h>
#include <vtkTextProperty.h>
#include <vtkUnsignedCharArray.h>

#include "render/scene.h"

#include <vtkCamera.h>

#include "render/label_side.h"
#include "render/scene_detail.h"

namespace tmsnav {
using scene_detail::useSphere;

void Scene::setDigitisedPoints(const std::vector<std::pair<Eigen::Vector3d, double>>& points) {
  constexpr double kCloseMm = 1.0, kNearMm = 3.0;
  // Blue, yellow, vermilion (Okabe-Ito): told apart with any colour vision.
  const std::array<unsigned char, 3> close{0, 114, 178}, near{240, 228, 66}, far{213, 94, 0};
  std::vector<ColouredPoint> marked;
  for (const auto& [p, d] : points)
    marked.push_back({p, d <= kCloseMm ? close : d <= kNearMm ? near : far});
  setColouredPoints(marked);
}

void Scene::setColouredPoints(const std::vector<ColouredPoint>& points, float size_px) {
  if (points.empty()) {
    digitised_->VisibilityOff();
    return;
  }
  vtkNew<vtkPoints> xyz;
  vtkNew<vtkCellArray> vertices;
  vtkNew<vtkUnsignedCharArray> colours;
  colours->SetNumberOfComponents(3);
  for (const auto& point : points) {
    const vtkIdType id = xyz->InsertNextPoint(point.p_lps.x(), point.p_lps.y(), point.p_lps.z());
    vertices->InsertNextCell(1, &id);
    colours->InsertNextTypedTuple(point.rgb.data());
  }
  vtkNew<vtkPolyData> cloud;
  cloud->SetPoints(xyz);
  cloud->SetVerts(vertices);
  cloud->GetPointData()->SetScalars(colours);
  vtkNew<vtkPolyDataMapper> mapper;
  mapper->SetInputData(cloud);
  mapper->SetColorModeToDirectScalars();
  digitised_->SetMapper(mapper);
  digitised_->GetProperty()->SetRenderPointsAsSpheres(true);
  digitised_->GetProperty()->SetPointSize(size_px);
  digitised_->PickableOff();
  digitised_->VisibilityOn();
}

void Scene::showFacingLabels() {
  const bool judged = scalp_mesh_ && scalp_mesh_->GetNumberOfPoints() > 0;
  const Eigen::Vector3d centre = judged ? headCentre() : Eigen::Vector3d::Zero();
  double cam[3];
  renderer_->GetActiveCamera()->GetPosition(cam);
  for (auto* markers : {&other_entries_, &landmarks_})
    for (Marker& m : *markers) {
      double p[3];
      m.sphere->GetPosition(p);
      const bool show = !judged || labelFacesCamera(Eigen::Vector3d(p[0], p[1], p[2]), centre,
                                                    Eigen::Vector3d(cam[0], cam[1], cam[2]));
      if (m.text->GetVisibility() != static_cast<int>(show)) m.text->SetVisibility(show);
    }
}

void Scene::setOtherEntries(const std::vector<LabelledPoint>& entries) {
  setMarkers(other_entries_, entries, {0.3, 0.7, 1.0});
}

void Scene::setLandmarks(const std::vector<LabelledPoint>& landmarks) {
  setMarkers(landmarks_, landmarks, {0.95, 0.95, 0.95});
}

// A sphere at each point and its label a few pixels to the upper right, drawn after the
// 3-D scene (a 2-D actor at a world position), so a name is never hidden by the head.
void Scene::setMarkers(std::vector<Marker>& markers, const std::vector<LabelledPoint>& points,
                       const std::array<double, 3>& rgb) {
  constexpr double kMarkerMm = 2.0;
  constexpr int kLabelFontPx = 15;
  for (auto& m : markers) {
    renderer_->RemoveActor(m.sphere);
    renderer_->RemoveActor2D(m.text);
  }
  markers.clear();
  for (const auto& point : points) {
    Marker m{vtkSmartPointer<vtkActor>::New(), vtkSmartPointer<vtkTextActor>::New(), point.label};
    useSphere(m.sphere, kMarkerMm, rgb[0], rgb[1], rgb[2]);
    m.sphere->SetPosition(point.p_lps.x(), point.p_lps.y(), point.p_lps.z());
    m.sphere->PickableOff();
    m.text->SetInput(("  " + point.label).c_str());  // beside the sphere, not over it
    m.text->GetPositionCoordinate()->SetCoordinateSystemToWorld();
    m.text->GetPositionCoordinate()->SetValue(point.p_lps.x(), point.p_lps.y(), point.p_lps.z());
    vtkTextProperty* t = m.text->GetTextProperty();
    t->SetFontSize(kLabelFontPx);
    t->SetColor(rgb[0], rgb[1], rgb[2]);
    t->ShadowOn();  // readable on the skin and on the background alike
    t->SetVerticalJustificationToBottom();
    m.text->PickableOff();
    renderer_->AddActor(m.sphere);
    renderer_->AddActor2D(m.text);
    markers.push_back(m);
  }
}

}  // namespace tmsnav
