#pragma once
// The 3-D navigation scene in LPS mm: translucent scalp, target and entry markers, the
// planned coil pose as a ghost and the tracked coil coloured by guidance state. It knows
// nothing of windows or UI toolkits: callers attach its renderer to a render window.
#include <array>
#include <optional>
#include <string>
#include <vector>

#include <vtkActor.h>
#include <vtkActor2D.h>
#include <vtkNew.h>
#include <vtkPolyData.h>
#include <vtkRenderer.h>
#include <vtkScalarBarActor.h>
#include <vtkSmartPointer.h>
#include <vtkTextActor.h>
#include <vtkUnsignedCharArray.h>
#include <Eigen/Geometry>

#include "render/coil_model.h"
#include "tracking/guidance.h"

namespace tmsnav {

constexpr double kScalpOpacity = 0.55;  // translucent: the target shows through
constexpr double kTrackedCoilOpacity = 0.4;   // the coil's casing: the target shows through
constexpr double kPlannedCoilOpacity = 0.15;  // the planned pose: a faint white ghost

// Named camera views (issue 31). Target: resetCamera's oblique view of the target. Front,
// Left, Right, Top: from the patient's front, left, right, above, at the head's centre.
// DownCoil: down the coil's axis onto the head (the tracked coil, else the planned one).
// FollowCoil: DownCoil, kept as the tracked coil moves.
enum class CameraView { Target, Front, Left, Right, Top, DownCoil, FollowCoil };

class Scene {
 public:
  // coil_mesh: the coil's casing in the coil frame (render/coil_model.h), drawn for the
  // planned and the tracked pose.
  explicit Scene(vtkSmartPointer<vtkPolyData> coil_mesh);
  // The render window may keep the renderer: its observer of this Scene goes first.
  ~Scene() { renderer_->RemoveObserver(facing_observer_); }
  Scene(const Scene&) = delete;
  Scene& operator=(const Scene&) = delete;

  vtkRenderer* renderer() { return renderer_; }

  void setScalp(vtkPolyData* scalp_lps);
  void clearScalp();
  // 0 hides the scalp (the cortex beneath is then seen unobstructed).
  void setScalpOpacity(double opacity);
  // Colours the scalp by its scalp-to-cortex distance (red near kDepthNearMm, blue at
  // kDepthFarMm and beyond) with a legend, or back to skin colour.
  void setScalpDepthColours(bool on);
  void setCortex(vtkPolyData* cortex_lps);
  void clearCortex();
  // Colours the cortex (setCortex's mesh) by one of its point arrays from 0 to max_value,
  // viridis with the bright end high, and shows a legend titled `title` (the E-field map:
  // "E (V/m)"). The cortex must carry the array.
  void setCortexScalars(const std::string& array, double max_value, const std::string& title);
  // The live E-field map (issue 29): |E| at the roi's cortex vertices through viridis from 0
  // to scale (legend "E (V/m)"), every other vertex grey, the peak marked. greyFieldMap:
  // the whole cortex grey, no legend (no usable pose: no field is shown). clearFieldMap:
  // the cortex as planned again.
  struct FieldMap {
    std::vector<int> roi;
    std::vector<float> magnitude;  // V/m, one per roi vertex
    double scale_v_per_m = 0.0;
    Eigen::Vector3d peak_lps = Eigen::Vector3d::Zero();
  };
  void setFieldMap(const FieldMap& map);
  void greyFieldMap();
  void clearFieldMap();
  // Colours the cortex vertices flagged 1 (an atlas region); empty: plain cortex.
  void setCortexPatch(const std::vector<unsigned char>& flags);
  void setTarget(const Eigen::Vector3d& target_lps, const Eigen::Vector3d& entry_lps,
                 const Eigen::Isometry3d& target_to_mri);
  void clearTarget();
  // Points named in the 3-D view: a small sphere and its name beside it, over everything.
  struct LabelledPoint {
    Eigen::Vector3d p_lps;
    std::string label;
  };
  // The entry points of the other planned targets (compare view): small blue markers.
  void setOtherEntries(const std::vector<LabelledPoint>& entries);
  // The scalp landmarks (nasion, inion, lpa, rpa): small white markers.
  void setLandmarks(const std::vector<LabelledPoint>& landmarks);
  // No pose (not tracking) hides the coil: a frozen coil would look valid.
  void setTrackedCoil(const std::optional<Eigen::Isometry3d>& coil_to_mri, GuidanceState state);
  void setCaption(const std::string& text);
  // Full detail when still; while the coil moves, a lighter scalp (about 25k triangles)
  // keeps the 3-D view's rate up on software GL.
  void setDetail(bool full);
  // Points digitised on the head (registration), in the MRI, coloured by their distance
  // to the scalp: within 1 mm, within 3 mm, farther.
  void setDigitisedPoints(const std::vector<std::pair<Eigen::Vector3d, double>>& points_lps);
  // Points drawn as small spheres, each in its own colour (one colour per subject of a
  // cohort); replaces the digitised points.
  struct ColouredPoint {
    Eigen::Vector3d p_lps;
    std::array<unsigned char, 3> rgb;
  };
  void setColouredPoints(const std::vector<ColouredPoint>& points, float size_px = 7.0f);
  // Looks at the target from outside the head, or at the whole head if there is none.
  void resetCamera();
  // A named view; any other camera change (resetCamera, lookAt) ends FollowCoil.
  void setView(CameraView view);
  bool followingCoil() const { return follow_coil_; }
  // The same direction as resetCamera's default, at this point and distance.
  void lookAt(const Eigen::Vector3d& focus_lps, double distance_mm);
  // The point of the visible head surface (scalp, or cortex when the scalp is hidden) under
  // display pixel (x, y), origin bottom-left.
  std::optional<Eigen::Vector3d> pickHead(int x, int y);

  // What the coils look like, for tests: the casing's and the handle's bounds in the coil
  // frame (mm), and each coil's visibility, opacity and colour as drawn.
  struct CoilFacts {
    std::array<double, 6> casing_bounds_mm{}, handle_bounds_mm{};
    bool planned_shown = false, tracked_shown = false, target_ring_shown = false;
    double planned_opacity = 0.0, tracked_opacity = 0.0;
    std::array<double, 3> planned_rgb{}, tracked_rgb{};
    std::vector<std::string> labels;  // the point labels shown
  };
  CoilFacts coilFacts();

 private:
  void placeCamera(const Eigen::Vector3d& focus, const Eigen::Vector3d& out, double distance_mm,
                   const Eigen::Vector3d& up = Eigen::Vector3d::UnitZ());
  void lookDownCoil(const Eigen::Isometry3d& coil_to_mri);
  bool follow_coil_ = false;
  std::optional<Eigen::Isometry3d> tracked_pose_;  // the tracked coil as last shown
  vtkNew<vtkRenderer> renderer_;
  unsigned long facing_observer_ = 0;  // showFacingLabels, removed with the Scene
  void applyScalpColouring();

  vtkNew<vtkActor> scalp_;
  vtkSmartPointer<vtkPolyData> scalp_mesh_;
  vtkSmartPointer<vtkPolyData> scalp_light_;  // made on first need; none for small meshes
  bool full_detail_ = true;
  vtkPolyData* shownScalp() const;
  bool scalp_depth_colours_ = false;
  vtkNew<vtkScalarBarActor> depth_legend_;
  vtkNew<vtkScalarBarActor> cortex_legend_;
  vtkNew<vtkActor> cortex_;
  vtkSmartPointer<vtkPolyData> cortex_mesh_;
  vtkSmartPointer<vtkPolyData> cortex_light_;  // plain colours: the atlas patch waits for stillness
  std::vector<unsigned char> cortex_patch_;
  vtkSmartPointer<vtkUnsignedCharArray> field_rgb_;  // per full-cortex vertex; null: no map
  std::vector<vtkIdType> light_to_full_;             // the light cortex's nearest full vertex
  vtkNew<vtkActor> field_peak_;
  void applyFieldColours();
  double scalp_opacity_ = kScalpOpacity;
  vtkNew<vtkActor> target_;
  vtkNew<vtkActor2D> target_ring_;  // over everything: the target seen through coil and head
  vtkNew<vtkActor> entry_;
  std::array<double, 6> casing_bounds_{}, handle_bounds_{};
  vtkNew<vtkActor> planned_coil_;
  vtkNew<vtkActor> tracked_coil_;
  vtkNew<vtkActor> coil_line_;  // from the tracked coil's centre to the target
  vtkSmartPointer<vtkPolyData> coil_line_mesh_;
  void updateCoilLine();
  vtkNew<vtkTextActor> caption_;
  vtkNew<vtkActor> digitised_;
  // Each labelled point: its sphere and its text.
  struct Marker {
    vtkSmartPointer<vtkActor> sphere;
    vtkSmartPointer<vtkTextActor> text;
    std::string label;
  };
  std::vector<Marker> other_entries_, landmarks_;
  Eigen::Vector3d headCentre();
  // Before each render: labels of points behind the head are hidden (render/label_side.h).
  void showFacingLabels();
  void setMarkers(std::vector<Marker>& markers, const std::vector<LabelledPoint>& points,
                  const std::array<double, 3>& rgb);
  std::optional<Eigen::Isometry3d> target_to_mri_;
};

}  // namespace tmsnav
