#include "app/gui/slice_views.h"

#include <imgui.h>

#include "core/coords.h"

namespace tmsnav {

namespace {
constexpr int kSlicePixels = 256;
constexpr double kFieldOfViewMm = 240.0;
constexpr SlicePlane kPlanes[3] = {SlicePlane::Axial, SlicePlane::Coronal, SlicePlane::Sagittal};

Eigen::Vector3d volumeCentre(const Volume& v) {
  const Eigen::Vector3d mid = (v.dims().cast<double>() - Eigen::Vector3d::Ones()) / 2.0;
  return (v.voxelToLps() * mid.homogeneous()).head<3>();
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
    slices_[i] = extractSlice(volume, kPlanes[i], convention_, centre_lps, kFieldOfViewMm,
                              kSlicePixels, *window_);
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

  for (int i = 0; i < 3; ++i) {
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImGui::Image(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(textures_[i].id())),
                 ImVec2(size, size));
    const WorldSlice& s = slices_[i];
    if (ImGui::IsItemClicked(ImGuiMouseButton_Left)) {
      const ImVec2 m = ImGui::GetIO().MousePos;
      const double k = s.width / size;
      out.push_back(
          CmdSetTargetRas{rasFromLps(s.pointAt((m.x - p.x) * k, (m.y - p.y) * k)), "slice"});
    }
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 c(p.x + size / 2, p.y + size / 2);  // the centre is the target
    if (target) {
      dl->AddLine(ImVec2(c.x - 10, c.y), ImVec2(c.x + 10, c.y), IM_COL32(255, 60, 60, 255), 2);
      dl->AddLine(ImVec2(c.x, c.y - 10), ImVec2(c.x, c.y + 10), IM_COL32(255, 60, 60, 255), 2);
    }
    const float h = ImGui::GetTextLineHeight();
    label(dl, ImVec2(p.x + 4, c.y - h / 2), s.left);
    label(dl, ImVec2(p.x + size - ImGui::CalcTextSize(s.right.c_str()).x - 4, c.y - h / 2),
          s.right);
    label(dl, ImVec2(c.x - 4, p.y + 2), s.top);
    label(dl, ImVec2(c.x - 4, p.y + size - h - 2), s.bottom);
  }
}

}  // namespace tmsnav
