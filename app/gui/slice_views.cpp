#include "app/gui/slice_views.h"

#include <imgui.h>

#include <algorithm>

#include "core/coords.h"

namespace tmsnav {

namespace {
constexpr int kSlicePixels = 256;
constexpr double kFovMarginFraction = 0.05;  // around the volume's largest extent
constexpr SlicePlane kPlanes[3] = {SlicePlane::Axial, SlicePlane::Coronal, SlicePlane::Sagittal};

Eigen::Vector3d volumeCentre(const Volume& v) {
  const Eigen::Vector3d mid = (v.dims().cast<double>() - Eigen::Vector3d::Ones()) / 2.0;
  return (v.voxelToLps() * mid.homogeneous()).head<3>();
}

// The whole volume fits: its largest extent, with a margin.
double wholeFieldOfViewMm(const Volume& v) {
  const auto b = v.rasBoundsMm();
  return (1.0 + 2.0 * kFovMarginFraction) * (b.col(1) - b.col(0)).maxCoeff();
}

// The slice through `through_lps` on `plane`, centred on the volume's centre in the plane:
// the whole head shows whichever target the slice goes through.
Eigen::Vector3d sliceCentre(const Volume& v, SlicePlane plane, const Eigen::Vector3d& through_lps) {
  // LPS axis normal to each world-aligned plane: axial z, coronal y, sagittal x.
  const int normal_axis = plane == SlicePlane::Axial ? 2 : plane == SlicePlane::Coronal ? 1 : 0;
  Eigen::Vector3d c = volumeCentre(v);
  c[normal_axis] = through_lps[normal_axis];
  return c;
}

void label(ImDrawList* dl, ImVec2 at, const std::string& text) {
  dl->AddText(ImVec2(at.x + 1, at.y + 1), IM_COL32(0, 0, 0, 255), text.c_str());
  dl->AddText(at, IM_COL32(255, 230, 80, 255), text.c_str());
}
}  // namespace

void SliceViews::refresh(const AppModel& model, const Eigen::Vector3d& centre_lps) {
  const Volume& volume = model.patient()->volume;
  if (model.revision() != revision_) window_.reset();
  if (!window_) window_ = robustWindow(volume);
  for (int i = 0; i < 3; ++i) {
    slices_[i] = extractSlice(volume, kPlanes[i], convention_,
                              sliceCentre(volume, kPlanes[i], centre_lps),
                              wholeFieldOfViewMm(volume), kSlicePixels, *window_);
    textures_[i].uploadGrey(slices_[i].grey, slices_[i].width, slices_[i].height);
  }
  revision_ = model.revision();
  drawn_convention_ = convention_;
  drawn_centre_ = centre_lps;
}

void SliceViews::draw(const AppModel& model, float size, std::vector<UiCommand>& out) {
  if (!model.patient()) {
    ImGui::TextDisabled("Slices appear when an MRI is loaded");
    return;
  }
  int radiological = convention_ == SliceConvention::Radiological ? 1 : 0;
  ImGui::RadioButton("Radiol.", &radiological, 1);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Radiological: the patient's right on the screen's left");
  ImGui::SameLine();
  ImGui::RadioButton("Neurol.", &radiological, 0);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Neurological: the patient's right on the screen's right");
  convention_ = radiological ? SliceConvention::Radiological : SliceConvention::Neurological;

  const auto& target = model.target();
  const Eigen::Vector3d centre =
      target ? target->target_lps : volumeCentre(model.patient()->volume);
  if (model.revision() != revision_ || convention_ != drawn_convention_ ||
      (centre - drawn_centre_).norm() > 1e-6)
    refresh(model, centre);

  // Each view: the image inside a margin that holds the orientation letters, so that no
  // letter covers the brain.
  const float h = ImGui::GetTextLineHeight();
  const float margin = h + 2.0f, inner = std::max(16.0f, size - 2.0f * margin);
  for (int i = 0; i < 3; ++i) {
    const ImVec2 q = ImGui::GetCursorScreenPos();
    const ImVec2 p(q.x + margin, q.y + margin);  // the image's top-left
    ImGui::SetCursorScreenPos(p);
    ImGui::Image(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(textures_[i].id())),
                 ImVec2(inner, inner));
    drawn_rects_[i] = {p.x, p.y, p.x + inner, p.y + inner};
    const WorldSlice& s = slices_[i];
    const double k = s.width / inner;  // slice pixels per screen pixel
    if (ImGui::IsItemClicked(ImGuiMouseButton_Left)) {
      const ImVec2 m = ImGui::GetIO().MousePos;
      out.push_back(
          CmdSetTargetRas{rasFromLps(s.pointAt((m.x - p.x) * k, (m.y - p.y) * k)), "slice"});
    }
    ImDrawList* dl = ImGui::GetWindowDrawList();
    if (target) {  // the target where it is in the slice (the slice shows the whole head)
      const Eigen::Vector2d t = s.pixelOf(target->target_lps) / k;
      const ImVec2 c(p.x + static_cast<float>(t.x()), p.y + static_cast<float>(t.y()));
      dl->AddLine(ImVec2(c.x - 10, c.y), ImVec2(c.x + 10, c.y), IM_COL32(255, 60, 60, 255), 2);
      dl->AddLine(ImVec2(c.x, c.y - 10), ImVec2(c.x, c.y + 10), IM_COL32(255, 60, 60, 255), 2);
    }
    const float mid_x = p.x + inner / 2, mid_y = p.y + inner / 2;
    auto width = [](const std::string& t) { return ImGui::CalcTextSize(t.c_str()).x; };
    label(dl, ImVec2(q.x + (margin - width(s.left)) / 2, mid_y - h / 2), s.left);
    label(dl, ImVec2(p.x + inner + (margin - width(s.right)) / 2, mid_y - h / 2), s.right);
    label(dl, ImVec2(mid_x - width(s.top) / 2, q.y + 1), s.top);
    label(dl, ImVec2(mid_x - width(s.bottom) / 2, p.y + inner + 1), s.bottom);
    ImGui::SetCursorScreenPos(ImVec2(q.x, q.y + size));
    ImGui::Dummy(ImVec2(size, 0));
  }
}

}  // namespace tmsnav
