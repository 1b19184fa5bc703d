// The live E-field map on the cortex (issue 29): Scene's methods for it, apart from the
// rest of the scene.
#include "render/scene.h"

#include <algorithm>

#include <vtkLookupTable.h>
#include <vtkPointData.h>
#include <vtkPolyDataMapper.h>
#include <vtkProperty.h>
#include <vtkStaticPointLocator.h>
#include <vtkUnsignedCharArray.h>

#include "render/scene_detail.h"

namespace tmsnav {
using scene_detail::useMesh;
using scene_detail::viridis;

namespace {
constexpr unsigned char kFieldGrey = 140;  // cortex outside the map, or no usable pose
constexpr double kCoilOverFieldOpacity = 0.3;
constexpr double kFieldLegendX = 0.03;  // of the view's width
}  // namespace

void Scene::setFieldMap(const FieldMap& map) {
  if (!cortex_mesh_ || !(map.scale_v_per_m > 0)) return;
  const vtkIdType n = cortex_mesh_->GetNumberOfPoints();
  vtkNew<vtkLookupTable> table;
  table->SetRange(0.0, map.scale_v_per_m);
  viridis(table, /*bright_high=*/true);  // colour-blind safe; the strongest field brightest
  auto rgb = vtkSmartPointer<vtkUnsignedCharArray>::New();
  rgb->SetNumberOfComponents(3);
  rgb->SetNumberOfTuples(n);
  rgb->FillValue(kFieldGrey);
  for (size_t i = 0; i < map.roi.size() && i < map.magnitude.size(); ++i) {
    if (map.roi[i] < 0 || map.roi[i] >= n) continue;
    double c[3];
    table->GetColor(std::min<double>(map.magnitude[i], map.scale_v_per_m), c);
    rgb->SetTuple3(map.roi[i], 255 * c[0], 255 * c[1], 255 * c[2]);
  }
  field_rgb_ = rgb;
  applyFieldColours();
  cortex_legend_->SetLookupTable(table);
  cortex_legend_->SetTitle("E (V/m)");
  // Left: the 3-D view beside the technician's view is narrow, and its right edge cut the
  // title; the scalp's depth legend keeps the right.
  cortex_legend_->SetPosition(kFieldLegendX, 0.1);
  cortex_legend_->VisibilityOn();
  field_peak_->SetPosition(map.peak_lps.x(), map.peak_lps.y(), map.peak_lps.z());
  field_peak_->VisibilityOn();
  tracked_coil_->GetProperty()->SetOpacity(kCoilOverFieldOpacity);  // the map shows through
}

void Scene::greyFieldMap() {
  if (!cortex_mesh_) return;
  auto rgb = vtkSmartPointer<vtkUnsignedCharArray>::New();
  rgb->SetNumberOfComponents(3);
  rgb->SetNumberOfTuples(cortex_mesh_->GetNumberOfPoints());
  rgb->FillValue(kFieldGrey);
  field_rgb_ = rgb;
  applyFieldColours();
  cortex_legend_->VisibilityOff();
  field_peak_->VisibilityOff();
  tracked_coil_->GetProperty()->SetOpacity(kCoilOverFieldOpacity);
}

void Scene::clearFieldMap() {
  const bool was = field_rgb_ != nullptr;
  field_rgb_ = nullptr;
  field_peak_->VisibilityOff();
  tracked_coil_->GetProperty()->SetOpacity(kTrackedCoilOpacity);  // see-through, as before the map
  if (!was) return;
  cortex_legend_->VisibilityOff();
  cortex_legend_->SetPosition(0.85, 0.1);  // where setCortexScalars' pictures have it
  if (!full_detail_ && cortex_light_)
    useMesh(cortex_, cortex_light_);
  else
    setCortexPatch(cortex_patch_);
}

// The map's colours on the cortex shown: the full mesh, or while the coil moves the light
// one, each of its vertices coloured as its nearest full-mesh vertex.
void Scene::applyFieldColours() {
  if (!field_rgb_ || !cortex_mesh_) return;
  const bool light = !full_detail_ && cortex_light_;
  vtkPolyData* shown = light ? cortex_light_.Get() : cortex_mesh_.Get();
  vtkSmartPointer<vtkUnsignedCharArray> rgb = field_rgb_;
  if (light) {
    if (light_to_full_.size() != static_cast<size_t>(shown->GetNumberOfPoints())) {
      vtkNew<vtkStaticPointLocator> locator;
      locator->SetDataSet(cortex_mesh_);
      locator->BuildLocator();
      light_to_full_.resize(static_cast<size_t>(shown->GetNumberOfPoints()));
      for (vtkIdType i = 0; i < shown->GetNumberOfPoints(); ++i)
        light_to_full_[static_cast<size_t>(i)] = locator->FindClosestPoint(shown->GetPoint(i));
    }
    rgb = vtkSmartPointer<vtkUnsignedCharArray>::New();
    rgb->SetNumberOfComponents(3);
    rgb->SetNumberOfTuples(shown->GetNumberOfPoints());
    for (vtkIdType i = 0; i < shown->GetNumberOfPoints(); ++i)
      rgb->SetTuple(i, light_to_full_[static_cast<size_t>(i)], field_rgb_);
  }
  vtkNew<vtkPolyData> coloured;
  coloured->ShallowCopy(shown);
  coloured->GetPointData()->SetScalars(rgb);
  vtkNew<vtkPolyDataMapper> mapper;
  mapper->SetInputData(coloured);
  mapper->SetColorModeToDirectScalars();
  mapper->ScalarVisibilityOn();
  cortex_->SetMapper(mapper);
}

}  // namespace tmsnav
