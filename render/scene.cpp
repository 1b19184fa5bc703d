#include "render/scene.h"

#include <array>

#include <algorithm>
#include <cmath>

#include "imaging/scalp_to_cortex.h"
#include "render/cortex_colours.h"
#include "render/scene_detail.h"

#include <vtkCallbackCommand.h>
#include <vtkCamera.h>
#include <vtkCellArray.h>
#include <vtkCellPicker.h>
#include <vtkCoordinate.h>
#include <vtkFloatArray.h>
#include <vtkLookupTable.h>
#include <vtkMatrix4x4.h>
#include <vtkPointData.h>
#include <vtkPoints.h>
#include <vtkPolyDataMapper.h>
#include <vtkPolyDataMapper2D.h>
#include <vtkPolyDataNormals.h>
#include <vtkProperty.h>
#include <vtkProperty2D.h>
#include <vtkQuadricClustering.h>
#include <vtkSphereSource.h>
#include <vtkStaticPointLocator.h>
#include <vtkTextProperty.h>
#include <vtkUnsignedCharArray.h>

namespace tmsnav {
using scene_detail::useMesh;
using scene_detail::useSphere;
using scene_detail::viridis;

namespace {
void setPose(vtkActor* actor, const Eigen::Isometry3d& pose) {
  vtkNew<vtkMatrix4x4> m;
  for (int r = 0; r < 4; ++r)
    for (int c = 0; c < 4; ++c) m->SetElement(r, c, pose.matrix()(r, c));
  actor->SetUserMatrix(m);
}

// A ring (annulus) of radius_px screen pixels, width_px wide, around the actor's position
// (set in world mm): drawn after the 3-D scene, so nothing (coil, scalp, cortex) hides it.
// Filled quads, not a wide line: software GL draws 2-D lines one pixel wide.
void useScreenRing(vtkActor2D* actor, double radius_px, double width_px) {
  constexpr int kSegments = 40;
  vtkNew<vtkPoints> points;
  vtkNew<vtkCellArray> quads;
  for (int i = 0; i < kSegments; ++i) {
    const double a = 2.0 * 3.14159265358979 * i / kSegments;
    for (double r : {radius_px - 0.5 * width_px, radius_px + 0.5 * width_px})
      points->InsertNextPoint(r * std::cos(a), r * std::sin(a), 0);
  }
  for (vtkIdType i = 0; i < kSegments; ++i) {
    const vtkIdType j = (i + 1) % kSegments;
    const vtkIdType quad[4] = {2 * i, 2 * i + 1, 2 * j + 1, 2 * j};
    quads->InsertNextCell(4, quad);
  }
  vtkNew<vtkPolyData> ring;
  ring->SetPoints(points);
  ring->SetPolys(quads);
  vtkNew<vtkPolyDataMapper2D> mapper;
  mapper->SetInputData(ring);
  actor->SetMapper(mapper);
  actor->GetPositionCoordinate()->SetCoordinateSystemToWorld();
}

}  // namespace

Scene::Scene(vtkSmartPointer<vtkPolyData> coil_mesh) {
  // Before every render, labels of points behind the head are hidden (render/label_side.h).
  vtkNew<vtkCallbackCommand> facing;
  facing->SetClientData(this);
  facing->SetCallback([](vtkObject*, unsigned long, void* scene, void*) {
    static_cast<Scene*>(scene)->showFacingLabels();
  });
  facing_observer_ = renderer_->AddObserver(vtkCommand::StartEvent, facing);
  renderer_->SetBackground(0.11, 0.12, 0.14);
  renderer_->SetBackground2(0.22, 0.24, 0.28);
  renderer_->GradientBackgroundOn();
  renderer_->SetBackgroundAlpha(1.0);

  scalp_->GetProperty()->SetColor(0.93, 0.76, 0.65);
  scalp_->GetProperty()->SetOpacity(kScalpOpacity);
  scalp_->GetProperty()->SetSpecular(0.1);
  scalp_->VisibilityOff();

  cortex_->GetProperty()->SetColor(0.86, 0.72, 0.70);
  cortex_->GetProperty()->SetSpecular(0.15);
  cortex_->GetProperty()->SetSpecularPower(20);
  cortex_->VisibilityOff();

  useSphere(field_peak_, 2.5, 1.0, 1.0, 1.0);  // white on viridis: the E-field map's peak
  field_peak_->PickableOff();
  field_peak_->VisibilityOff();
  useSphere(target_, 5.0, 0.95, 0.1, 0.1);
  constexpr double kTargetRingPx = 11.0, kTargetRingWidthPx = 3.0;
  useScreenRing(target_ring_, kTargetRingPx, kTargetRingWidthPx);
  target_ring_->GetProperty()->SetColor(0.95, 0.1, 0.1);
  target_ring_->PickableOff();
  target_ring_->VisibilityOff();
  useSphere(entry_, 2.5, 1.0, 0.9, 0.1);
  target_->VisibilityOff();
  entry_->VisibilityOff();

  // Both coils are the casing's mesh, see-through (issue 31): the target under them stays
  // visible. The planned one a faint white ghost, the tracked one coloured by its state.
  casing_bounds_ = coilPartBounds(coil_mesh, kCasingPart);
  handle_bounds_ = coilPartBounds(coil_mesh, kHandlePart);
  useMesh(planned_coil_, coil_mesh);
  // Only the faces toward the viewer, with more ambient light than the head: blended with
  // its own unlit far side, a see-through casing looks dark grey whatever its colour.
  constexpr double kCoilAmbient = 0.5, kCoilDiffuse = 0.5;
  for (vtkActor* a : {planned_coil_.GetPointer(), tracked_coil_.GetPointer()}) {
    a->GetProperty()->SetAmbient(kCoilAmbient);
    a->GetProperty()->SetDiffuse(kCoilDiffuse);
    a->GetProperty()->BackfaceCullingOn();
  }
  // White, not blue: a blue ghost over the grey cortex looks like the E-field map's low end.
  planned_coil_->GetProperty()->SetColor(0.92, 0.94, 1.0);
  planned_coil_->GetProperty()->SetOpacity(kPlannedCoilOpacity);
  planned_coil_->PickableOff();
  planned_coil_->VisibilityOff();
  useMesh(tracked_coil_, coil_mesh);
  tracked_coil_->GetProperty()->SetOpacity(kTrackedCoilOpacity);
  tracked_coil_->PickableOff();
  tracked_coil_->VisibilityOff();
  coil_line_mesh_ = vtkSmartPointer<vtkPolyData>::New();
  {
    vtkNew<vtkPoints> points;
    points->InsertNextPoint(0, 0, 0);
    points->InsertNextPoint(0, 0, 0);
    vtkNew<vtkCellArray> lines;
    const vtkIdType ids[2] = {0, 1};
    lines->InsertNextCell(2, ids);
    coil_line_mesh_->SetPoints(points);
    coil_line_mesh_->SetLines(lines);
  }
  useMesh(coil_line_, coil_line_mesh_);
  coil_line_->GetProperty()->SetLineWidth(3.0f);
  coil_line_->PickableOff();
  coil_line_->VisibilityOff();

  caption_->GetTextProperty()->SetFontSize(22);
  caption_->GetTextProperty()->SetColor(1, 1, 1);
  caption_->SetDisplayPosition(16, 16);
  caption_->VisibilityOff();

  // Opaque markers first: the translucent scalp is drawn over them.
  digitised_->VisibilityOff();
  for (vtkActor* a : {cortex_.GetPointer(), field_peak_.GetPointer(), target_.GetPointer(),
                      entry_.GetPointer(), digitised_.GetPointer(), coil_line_.GetPointer(),
                      tracked_coil_.GetPointer(), planned_coil_.GetPointer(), scalp_.GetPointer()})
    renderer_->AddActor(a);
  renderer_->AddActor2D(target_ring_);
  renderer_->AddActor2D(caption_);
  depth_legend_->SetTitle("depth, mm");
  cortex_legend_->SetTitle("E (V/m)");
  for (vtkScalarBarActor* legend : {depth_legend_.GetPointer(), cortex_legend_.GetPointer()}) {
    legend->SetNumberOfLabels(4);
    legend->SetLabelFormat("%.0f");
    legend->UnconstrainedFontSizeOn();
    for (vtkTextProperty* text : {legend->GetTitleTextProperty(), legend->GetLabelTextProperty()}) {
      text->SetFontSize(16);
      text->ItalicOff();
      text->BoldOff();
      text->ShadowOff();
      text->SetColor(1, 1, 1);
    }
    legend->SetMaximumWidthInPixels(90);
    legend->SetMaximumHeightInPixels(320);
    legend->SetPosition(0.85, 0.1);
    legend->VisibilityOff();
    renderer_->AddActor2D(legend);
  }
}

namespace {
// A scalp this light renders at ~22 FPS on llvmpipe (issue 14's measurement).
constexpr vtkIdType kLightScalpTriangles = 40000;
constexpr double kLightBinMm = 5.0;  // ~10k triangles for a head, as many for a cortex

// The scalp clustered to ~3 mm (linear time), with the depth to cortex carried over from
// the nearest full-resolution vertex so the colours do not change with the detail.
vtkSmartPointer<vtkPolyData> clusteredCopy(vtkPolyData* full) {
  double b[6];
  full->GetBounds(b);
  auto bins = [&](int axis) {
    return std::max(8, static_cast<int>(std::ceil((b[2 * axis + 1] - b[2 * axis]) / kLightBinMm)));
  };
  vtkNew<vtkQuadricClustering> cluster;
  cluster->SetInputData(full);
  cluster->SetNumberOfDivisions(bins(0), bins(1), bins(2));
  cluster->AutoAdjustNumberOfDivisionsOff();
  cluster->Update();
  vtkSmartPointer<vtkPolyData> light = cluster->GetOutput();
  vtkNew<vtkPolyDataNormals> normals;
  normals->SetInputData(light);
  normals->Update();
  return normals->GetOutput();
}

vtkSmartPointer<vtkPolyData> lightScalp(vtkPolyData* full) {
  vtkSmartPointer<vtkPolyData> light = clusteredCopy(full);
  if (auto* depth = full->GetPointData()->GetArray(kScalpToCortexArray)) {
    vtkNew<vtkStaticPointLocator> locator;
    locator->SetDataSet(full);
    locator->BuildLocator();
    vtkNew<vtkFloatArray> carried;
    carried->SetName(kScalpToCortexArray);
    carried->SetNumberOfTuples(light->GetNumberOfPoints());
    for (vtkIdType i = 0; i < light->GetNumberOfPoints(); ++i)
      carried->SetValue(
          i, static_cast<float>(depth->GetTuple1(locator->FindClosestPoint(light->GetPoint(i)))));
    light->GetPointData()->AddArray(carried);
  }
  return light;
}
}  // namespace

vtkPolyData* Scene::shownScalp() const {
  return !full_detail_ && scalp_light_ ? scalp_light_.Get() : scalp_mesh_.Get();
}

void Scene::setDetail(bool full) {
  if (full == full_detail_ || !scalp_mesh_) {
    full_detail_ = full;
    return;
  }
  full_detail_ = full;
  if (!full && !scalp_light_ && scalp_mesh_->GetNumberOfCells() > kLightScalpTriangles)
    scalp_light_ = lightScalp(scalp_mesh_);
  useMesh(scalp_, shownScalp());
  applyScalpColouring();
  if (!cortex_mesh_) return;
  if (!full && !cortex_light_ && cortex_mesh_->GetNumberOfCells() > kLightScalpTriangles)
    cortex_light_ = clusteredCopy(cortex_mesh_);
  if (field_rgb_) {
    applyFieldColours();
  } else if (!full && cortex_light_) {
    useMesh(cortex_, cortex_light_);
  } else {
    setCortexPatch(cortex_patch_);
  }
}

void Scene::setScalp(vtkPolyData* scalp_lps) {
  scalp_mesh_ = scalp_lps;
  scalp_light_ = nullptr;
  useMesh(scalp_, shownScalp());
  applyScalpColouring();
  scalp_->SetVisibility(scalp_opacity_ > 0.0);
}

void Scene::setScalpDepthColours(bool on) {
  scalp_depth_colours_ = on;
  applyScalpColouring();
}

// Skin colour, or the distance array through a red-to-blue table: near cortex is where a
// given stimulator output reaches deepest, which dosing by distance compensates for.
void Scene::applyScalpColouring() {
  constexpr double kDepthNearMm = 10.0, kDepthFarMm = 25.0;
  auto* mapper = vtkPolyDataMapper::SafeDownCast(scalp_->GetMapper());
  const bool has_depth =
      shownScalp() && shownScalp()->GetPointData()->GetArray(kScalpToCortexArray) != nullptr;
  const bool on = scalp_depth_colours_ && has_depth && mapper;
  depth_legend_->SetVisibility(on && scalp_opacity_ > 0.0);
  if (!mapper) return;
  if (!on) {
    mapper->ScalarVisibilityOff();
    return;
  }
  vtkNew<vtkLookupTable> table;
  table->SetRange(kDepthNearMm, kDepthFarMm);
  viridis(table);  // perceptually uniform and colour-blind safe: yellow near, purple far
  mapper->SetLookupTable(table);
  mapper->SetScalarModeToUsePointFieldData();
  mapper->SelectColorArray(kScalpToCortexArray);
  mapper->SetScalarRange(kDepthNearMm, kDepthFarMm);
  mapper->ScalarVisibilityOn();
  depth_legend_->SetLookupTable(table);
}

void Scene::clearScalp() {
  setOtherEntries({});
  setLandmarks({});
  setDigitisedPoints({});
  scalp_->VisibilityOff();
  clearCortex();
}

void Scene::setScalpOpacity(double opacity) {
  scalp_opacity_ = opacity;
  depth_legend_->SetVisibility(scalp_depth_colours_ && opacity > 0.0 &&
                               depth_legend_->GetLookupTable() != nullptr);
  scalp_->GetProperty()->SetOpacity(opacity);
  scalp_->SetPickable(opacity > 0.0);
  scalp_->SetVisibility(opacity > 0.0 && scalp_->GetMapper() != nullptr);
}

void Scene::setCortex(vtkPolyData* cortex_lps) {
  cortex_mesh_ = cortex_lps;
  cortex_light_ = nullptr;
  light_to_full_.clear();
  field_rgb_ = nullptr;
  field_peak_->VisibilityOff();
  setCortexPatch({});
  cortex_->VisibilityOn();
}

void Scene::setCortexPatch(const std::vector<unsigned char>& flags) {
  cortex_patch_ = flags;
  if (field_rgb_) return;  // the E-field map is shown; the patch comes back after it
  if (!cortex_mesh_ || (!full_detail_ && cortex_light_)) return;
  // A shallow copy carries the colours, so the patient's mesh is never modified.
  vtkNew<vtkPolyData> coloured;
  coloured->ShallowCopy(cortex_mesh_);
  coloured->GetPointData()->SetScalars(cortexColours(cortex_mesh_, flags));
  vtkNew<vtkPolyDataMapper> mapper;
  mapper->SetInputData(coloured);
  mapper->SetColorModeToDirectScalars();
  mapper->ScalarVisibilityOn();
  cortex_->SetMapper(mapper);
}

void Scene::clearCortex() {
  cortex_->VisibilityOff();
  cortex_legend_->VisibilityOff();
}

void Scene::setCortexScalars(const std::string& array, double max_value, const std::string& title) {
  if (!cortex_mesh_ || !cortex_mesh_->GetPointData()->GetArray(array.c_str())) return;
  vtkNew<vtkLookupTable> table;
  table->SetRange(0.0, max_value);
  viridis(table, /*bright_high=*/true);  // colour-blind safe; the strongest field brightest
  vtkNew<vtkPolyDataMapper> mapper;
  mapper->SetInputData(cortex_mesh_);
  mapper->SetLookupTable(table);
  mapper->SetScalarModeToUsePointFieldData();
  mapper->SelectColorArray(array.c_str());
  mapper->SetScalarRange(0.0, max_value);
  mapper->ScalarVisibilityOn();
  cortex_->SetMapper(mapper);
  cortex_legend_->SetLookupTable(table);
  cortex_legend_->SetTitle(title.c_str());
  cortex_legend_->VisibilityOn();
}

void Scene::setTarget(const Eigen::Vector3d& target_lps, const Eigen::Vector3d& entry_lps,
                      const Eigen::Isometry3d& target_to_mri) {
  target_->SetPosition(target_lps.x(), target_lps.y(), target_lps.z());
  target_ring_->GetPositionCoordinate()->SetValue(target_lps.x(), target_lps.y(), target_lps.z());
  target_ring_->VisibilityOn();
  entry_->SetPosition(entry_lps.x(), entry_lps.y(), entry_lps.z());
  setPose(planned_coil_, target_to_mri);
  target_to_mri_ = target_to_mri;
  for (vtkActor* a : {target_.GetPointer(), entry_.GetPointer(), planned_coil_.GetPointer()})
    a->VisibilityOn();
  updateCoilLine();
}

void Scene::clearTarget() {
  target_to_mri_.reset();
  target_ring_->VisibilityOff();
  for (vtkActor* a : {target_.GetPointer(), entry_.GetPointer(), planned_coil_.GetPointer()})
    a->VisibilityOff();
  updateCoilLine();
}

void Scene::setTrackedCoil(const std::optional<Eigen::Isometry3d>& coil_to_mri,
                           GuidanceState state) {
  if (!coil_to_mri || state == GuidanceState::NotTracking) {
    tracked_coil_->VisibilityOff();
    tracked_pose_.reset();
    updateCoilLine();
    return;
  }
  setPose(tracked_coil_, *coil_to_mri);
  tracked_pose_ = *coil_to_mri;
  if (follow_coil_) lookDownCoil(*coil_to_mri);
  const bool on = state == GuidanceState::OnTarget;
  for (vtkActor* a : {tracked_coil_.GetPointer(), coil_line_.GetPointer()})
    on ? a->GetProperty()->SetColor(0.15, 0.85, 0.3) : a->GetProperty()->SetColor(0.95, 0.65, 0.1);
  tracked_coil_->VisibilityOn();
  updateCoilLine();
}

// The line from the tracked coil's centre to the target: where the coil aims, at a glance.
void Scene::updateCoilLine() {
  if (!tracked_pose_ || !target_->GetVisibility()) {
    coil_line_->VisibilityOff();
    return;
  }
  const Eigen::Vector3d c = tracked_pose_->translation();
  double t[3];
  target_->GetPosition(t);
  coil_line_mesh_->GetPoints()->SetPoint(0, c.x(), c.y(), c.z());
  coil_line_mesh_->GetPoints()->SetPoint(1, t);
  coil_line_mesh_->GetPoints()->Modified();
  coil_line_mesh_->Modified();
  coil_line_->VisibilityOn();
}

void Scene::setCaption(const std::string& text) {
  caption_->SetInput(text.c_str());
  caption_->SetVisibility(!text.empty());
}

namespace {
// Front-left-above (LPS: +x left, -y anterior, +z up): the left DLPFC faces the viewer.
const Eigen::Vector3d kDefaultViewDirection(0.6, -0.7, 0.4);
constexpr double kViewDistanceMm = 520.0;
}  // namespace

// The centre of the scalp's bounding box: what the named views and the label sides turn about.
Eigen::Vector3d Scene::headCentre() {
  double b[6];
  scalp_->GetBounds(b);
  return Eigen::Vector3d(0.5 * (b[0] + b[1]), 0.5 * (b[2] + b[3]), 0.5 * (b[4] + b[5]));
}

void Scene::resetCamera() {
  follow_coil_ = false;
  const Eigen::Vector3d centre = headCentre();
  Eigen::Vector3d focus = centre;
  Eigen::Vector3d out = kDefaultViewDirection.normalized();
  if (target_to_mri_) {
    focus = target_to_mri_->translation();
    // Oblique, from the side opposite the handle, so the coil does not hide the target.
    const Eigen::Vector3d normal_out = -target_to_mri_->linear().col(2);
    out = (normal_out - 0.9 * target_to_mri_->linear().col(1)).normalized();
  }
  placeCamera(focus, out, kViewDistanceMm);
}

void Scene::setView(CameraView view) {
  follow_coil_ = false;
  const Eigen::Vector3d centre = headCentre();
  // LPS: +x the patient's left, +y posterior, +z superior.
  switch (view) {
    case CameraView::Target:
      resetCamera();
      return;
    case CameraView::Front:
      placeCamera(centre, -Eigen::Vector3d::UnitY(), kViewDistanceMm);
      return;
    case CameraView::Left:
      placeCamera(centre, Eigen::Vector3d::UnitX(), kViewDistanceMm);
      return;
    case CameraView::Right:
      placeCamera(centre, -Eigen::Vector3d::UnitX(), kViewDistanceMm);
      return;
    case CameraView::Top:  // the nose up on screen
      placeCamera(centre, Eigen::Vector3d::UnitZ(), kViewDistanceMm, -Eigen::Vector3d::UnitY());
      return;
    case CameraView::DownCoil:
    case CameraView::FollowCoil:
      if (tracked_pose_)
        lookDownCoil(*tracked_pose_);
      else if (target_to_mri_)
        lookDownCoil(*target_to_mri_);
      follow_coil_ = view == CameraView::FollowCoil;
      return;
  }
}

// From above the coil along its axis (coil +z points into the head), the handle (+y) up
// on screen: what the coil sees, with the head around the target for context.
void Scene::lookDownCoil(const Eigen::Isometry3d& coil_to_mri) {
  constexpr double kDownCoilDistanceMm = 320.0;
  const Eigen::Vector3d out = -coil_to_mri.linear().col(2);
  placeCamera(coil_to_mri.translation(), out, kDownCoilDistanceMm, coil_to_mri.linear().col(1));
}

void Scene::lookAt(const Eigen::Vector3d& focus_lps, double distance_mm) {
  follow_coil_ = false;
  placeCamera(focus_lps, kDefaultViewDirection.normalized(), distance_mm);
}

void Scene::placeCamera(const Eigen::Vector3d& focus, const Eigen::Vector3d& out,
                        double distance_mm, const Eigen::Vector3d& up) {
  vtkCamera* cam = renderer_->GetActiveCamera();
  const Eigen::Vector3d eye = focus + distance_mm * out;
  cam->SetFocalPoint(focus.data());
  cam->SetPosition(eye.data());
  cam->SetViewUp(up.data());
  cam->OrthogonalizeViewUp();
  cam->SetViewAngle(30);
  renderer_->ResetCameraClippingRange();
}

std::optional<Eigen::Vector3d> Scene::pickHead(int x, int y) {
  vtkNew<vtkCellPicker> picker;
  picker->SetTolerance(0.0005);
  picker->PickFromListOn();
  // The surface the user sees: the scalp, or the cortex when the scalp is hidden.
  picker->AddPickList(scalp_->GetVisibility() ? scalp_.GetPointer() : cortex_.GetPointer());
  if (!picker->Pick(x, y, 0, renderer_)) return std::nullopt;
  double p[3];
  picker->GetPickPosition(p);
  return Eigen::Vector3d(p[0], p[1], p[2]);
}

Scene::CoilFacts Scene::coilFacts() {
  CoilFacts f;
  f.casing_bounds_mm = casing_bounds_;
  f.handle_bounds_mm = handle_bounds_;
  f.planned_shown = planned_coil_->GetVisibility() != 0;
  f.tracked_shown = tracked_coil_->GetVisibility() != 0;
  f.target_ring_shown = target_ring_->GetVisibility() != 0;
  for (const auto* markers : {&other_entries_, &landmarks_})
    for (const Marker& m : *markers)
      if (m.text->GetVisibility()) f.labels.push_back(m.label);
  f.planned_opacity = planned_coil_->GetProperty()->GetOpacity();
  f.tracked_opacity = tracked_coil_->GetProperty()->GetOpacity();
  planned_coil_->GetProperty()->GetColor(f.planned_rgb.data());
  tracked_coil_->GetProperty()->GetColor(f.tracked_rgb.data());
  return f;
}

}  // namespace tmsnav
