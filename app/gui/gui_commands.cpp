// What the app does with its commands (clicks, keys, script lines): apply() runs each
// through the model or the 3-D view; syncScene() sends the model's changes to the 3-D view.

#include <algorithm>
#include <cstdio>
#include <ctime>

#include "app/gui/gui_app.h"
#include "app/host_port.h"
#include "core/coords.h"

namespace tmsnav {

namespace {
std::string timestampForFile() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  localtime_r(&t, &tm);
  char s[32];
  std::strftime(s, sizeof s, "%Y%m%d-%H%M%S", &tm);
  return s;
}

// The clicked scalp point as the CLI would write it: scalp:X,Y,Z in RAS mm (0.01 mm).
std::string scalpSpec(const Eigen::Vector3d& p_lps) {
  const Eigen::Vector3d ras = rasFromLps(p_lps);
  char s[96];
  std::snprintf(s, sizeof s, "scalp:%.2f,%.2f,%.2f", ras.x(), ras.y(), ras.z());
  return s;
}
}  // namespace

void GuiApp::apply(const UiCommand& command) {
  Result<Done> r = Done{};
  std::visit(
      [&](const auto& c) {
        using T = std::decay_t<decltype(c)>;
        if constexpr (std::is_same_v<T, CmdLoadMri>)
          r = model_.loadMri(c.path, c.series_uid, c.orientation);
        if constexpr (std::is_same_v<T, CmdCancelLoad>) r = model_.cancelLoad();
        if constexpr (std::is_same_v<T, CmdSetTargetRas>)
          r = model_.setTarget(lpsFromRas(c.ras), c.method + " target", c.method);
        if constexpr (std::is_same_v<T, CmdSetTargetMni>)
          r = model_.setTargetMni(lpsFromRas(c.mni_ras));
        if constexpr (std::is_same_v<T, CmdSetTargetSpec>) r = model_.setTargetSpec(c.spec);
        if constexpr (std::is_same_v<T, CmdSetPickMode>) {
          pick_mode_ = c.on;
          pick_landmark_ = c.landmark;
        }
        if constexpr (std::is_same_v<T, CmdSetClickTarget>) click_beneath_ = c.beneath;
        if constexpr (std::is_same_v<T, CmdSelectTarget>) r = model_.selectTarget(c.index);
        if constexpr (std::is_same_v<T, CmdRemoveTarget>) r = model_.removeTarget(c.index);
        if constexpr (std::is_same_v<T, CmdCompareDlpfc>) r = model_.compareDlpfc();
        if constexpr (std::is_same_v<T, CmdSetLandmark>)
          r = model_.setLandmark(c.name, lpsFromRas(c.ras));
        if constexpr (std::is_same_v<T, CmdShowScalp>) {
          StudySettings s = model_.settings();
          s.show_scalp = c.on;
          r = model_.setSettings(s);
        }
        if constexpr (std::is_same_v<T, CmdScalpDepthColours>) {
          StudySettings s = model_.settings();
          s.scalp_depth_colours = c.on;
          r = model_.setSettings(s);
        }
        if constexpr (std::is_same_v<T, CmdSetSettings>) r = model_.setSettings(c.settings);
        if constexpr (std::is_same_v<T, CmdStartSimulation>) r = model_.startSimulation();
        if constexpr (std::is_same_v<T, CmdStartIgtl>) {
          auto hp = parseHostPort(c.address);
          r = hp ? model_.startIgtl(hp->first, hp->second) : Result<Done>(Error{hp.error()});
        }
        if constexpr (std::is_same_v<T, CmdStartReplay>)
          r = model_.startReplay(c.path, c.speed, c.loop);
        if constexpr (std::is_same_v<T, CmdStopTracking>) r = model_.stopTracking();
        if constexpr (std::is_same_v<T, CmdRegisterSimulated>)
          r = model_.registerSimulatedPatient(c.seed);
        if constexpr (std::is_same_v<T, CmdLoadRegistration>) r = model_.loadRegistration(c.path);
        if constexpr (std::is_same_v<T, CmdClearRegistration>) r = model_.clearRegistration();
        if constexpr (std::is_same_v<T, CmdStartWizard>) r = model_.startWizard();
        if constexpr (std::is_same_v<T, CmdAskCheckpoint>) r = model_.askCheckpoint();
        if constexpr (std::is_same_v<T, CmdUndo>) r = model_.undo();
        if constexpr (std::is_same_v<T, CmdRedo>) r = model_.redo();
        if constexpr (std::is_same_v<T, CmdSaveStudy>) r = model_.saveStudy(c.path);
        if constexpr (std::is_same_v<T, CmdOpenStudy>) r = model_.openStudy(c.path);
        if constexpr (std::is_same_v<T, CmdSetLayout>)
          panel_.layout = c.layout == 2   ? Layout::Technician
                          : c.layout == 1 ? Layout::Guiding
                                          : Layout::Planning;
        if constexpr (std::is_same_v<T, CmdScreenshot>)
          screenshot_path_ =
              c.path.empty() ? model_.sessionDir() + "/screenshot-" + timestampForFile() + ".png"
                             : c.path;
        if constexpr (std::is_same_v<T, CmdWizard>) r = model_.wizardCommand(c.command);
        if constexpr (std::is_same_v<T, CmdSaveRegistration>) r = model_.saveRegistration(c.path);
        if constexpr (std::is_same_v<T, CmdResetCamera>)
          scene_.post([](Scene& scene, FramebufferView&) { scene.resetCamera(); });
        if constexpr (std::is_same_v<T, CmdSetView>) {
          const auto view = static_cast<CameraView>(std::clamp(c.view, 0, 6));
          scene_.post([view](Scene& scene, FramebufferView&) { scene.setView(view); });
        }
        if constexpr (std::is_same_v<T, CmdQuit>) {
          menu_.quit_why = c.confirmed ? std::vector<std::string>{} : model_.unsavedWork();
          quit_ = menu_.quit_why.empty();
        }
        if constexpr (std::is_same_v<T, CmdPickAt>) pick(c);
        if constexpr (std::is_same_v<T, CmdSilenceTracker>) r = model_.silenceTracker();
        if constexpr (std::is_same_v<T, CmdPulse>) r = model_.pulse();
        if constexpr (std::is_same_v<T, CmdNote>) r = model_.note(c.text);
        if constexpr (std::is_same_v<T, CmdRefreshCourse>) r = model_.refreshCourse();
        if constexpr (std::is_same_v<T, CmdSaveCourse>) r = model_.saveCourseReport();
        if constexpr (std::is_same_v<T, CmdSetDose>) r = model_.setDose(c.settings);
        if constexpr (std::is_same_v<T, CmdSetStimulation>) r = model_.setStimulation(c.settings);
        if constexpr (std::is_same_v<T, CmdPlanM1HandKnob>) r = model_.planM1HandKnob();
        if constexpr (std::is_same_v<T, CmdSimulationRate>) r = model_.setSimulationRate(c.hz);
        if constexpr (std::is_same_v<T, CmdPicked>) {
          picks_pending_ = std::max(0, picks_pending_ - 1);
          if (!c.p_lps)
            r = Error{"no head under the pointer"};
          else if (!c.landmark.empty())
            r = model_.setLandmark(c.landmark, *c.p_lps);
          else if (c.beneath && model_.settings().show_scalp)  // as the CLI's scalp:X,Y,Z
            r = model_.setTargetSpec(scalpSpec(*c.p_lps));
          else
            r = model_.setTarget(*c.p_lps, "clicked", "click");
        }
      },
      command);
  if (!r) error_message_ = r.error();
}

// The pick runs where the scene is; its answer comes back as a command next frame.
void GuiApp::pick(const CmdPickAt& c) {
  const std::string landmark = pick_landmark_;
  const bool beneath = click_beneath_;
  ++picks_pending_;
  scene_.post([this, c, landmark, beneath](Scene& scene, FramebufferView& view) {
    // VTK display coordinates have their origin bottom-left.
    const auto p = scene.pickHead(static_cast<int>(c.fx * view.width()),
                                  static_cast<int>((1.0 - c.fy) * view.height()));
    {
      std::lock_guard lock(inbox_mutex_);
      inbox_.push_back(CmdPicked{p, landmark, beneath});
    }
    model_.requestRedraw();  // the UI may be asleep: the answer is handled now
  });
}

void GuiApp::syncScene() {
  if (model_.revision() != synced_revision_) {
    synced_revision_ = model_.revision();
    // No patient (loading, failed): nothing of the previous one stays on screen.
    vtkSmartPointer<vtkPolyData> scalp, cortex;
    if (const LoadedPatient* p = model_.patient()) {
      scalp = p->model.scalp_lps;
      cortex = p->model.cortex_lps;
    }
    // The other targets' entries by their number and name (as the Targets list shows
    // them), the landmarks by theirs.
    std::vector<Scene::LabelledPoint> others, landmarks;
    for (size_t i = 0; i < model_.targets().size(); ++i)
      if (i != model_.activeTarget())
        others.push_back({model_.targets()[i].entry_lps,
                          std::to_string(i + 1) + " " + model_.targets()[i].name});
    if (model_.patient())
      for (const auto& [name, p] : model_.landmarks()) landmarks.push_back({p, name});
    const auto* patch_ptr = model_.activeAtlasPatch();
    std::vector<unsigned char> patch = patch_ptr ? *patch_ptr : std::vector<unsigned char>{};
    std::optional<PlannedTarget> target;
    if (const auto& t = model_.target()) target = *t;
    // The RAS and MNI fields show the active target (edited from there, not from a default).
    if (target) {
      const Eigen::Vector3d ras = rasFromLps(target->target_lps);
      for (int i = 0; i < 3; ++i) panel_.target_ras[i] = static_cast<float>(ras[i]);
      if (target->target_mni_lps) {
        const Eigen::Vector3d mni = rasFromLps(*target->target_mni_lps);
        for (int i = 0; i < 3; ++i) panel_.target_mni[i] = static_cast<float>(mni[i]);
      }
    }
    // Only a new patient (or none) re-aims the camera: a target or display change keeps
    // the user's rotation and zoom.
    const bool new_patient = scalp.GetPointer() != aimed_scalp_;
    aimed_scalp_ = scalp.GetPointer();
    scene_.post([=](Scene& scene, FramebufferView&) {
      if (scalp) {
        scene.setScalp(scalp);
        if (cortex) scene.setCortex(cortex);
      } else {
        scene.clearScalp();
      }
      scene.setOtherEntries(others);
      scene.setLandmarks(landmarks);
      scene.setCortexPatch(patch);
      if (target)
        scene.setTarget(target->target_lps, target->entry_lps, target->target_to_mri.iso());
      else
        scene.clearTarget();
      if (new_patient) scene.resetCamera();
    });
    if (model_.workflow() == Workflow::Failed) error_message_ = model_.lastError();
    synced_settings_ = StudySettings{};
    synced_settings_.show_scalp = !model_.settings().show_scalp;  // applied again below
  }
  // Settings change by a click, a key, undo or an opened study: the scene follows.
  if (!(model_.settings() == synced_settings_)) {
    synced_settings_ = model_.settings();
    const StudySettings s = synced_settings_;
    scene_.post([s](Scene& scene, FramebufferView&) {
      scene.setScalpOpacity(s.show_scalp ? kScalpOpacity : 0.0);
      scene.setScalpDepthColours(s.scalp_depth_colours);
    });
    panel_.show_scalp = synced_settings_.show_scalp;
    panel_.scalp_depth_colours = synced_settings_.scalp_depth_colours;
  }
  // Digitised points change while the wizard collects: sent only when they do.
  if (model_.registration().digitisedVersion() != synced_digitised_) {
    synced_digitised_ = model_.registration().digitisedVersion();
    const auto& digitised = model_.registration().digitised();
    scene_.post(
        [digitised](Scene& scene, FramebufferView&) { scene.setDigitisedPoints(digitised); });
  }
  field_sync_.sync(model_, scene_);  // the live E-field map, when a new one arrived
  // The coil, when it moved or its state changed: a still coil costs no 3-D frames.
  const GuidanceUpdate& g = model_.navigation().guidance;
  const std::optional<Eigen::Isometry3d> coil =
      g.coil_to_mri ? std::optional(g.coil_to_mri->iso()) : std::nullopt;
  const bool same = posted_coil_once_ && g.state == posted_state_ &&
                    coil.has_value() == posted_coil_.has_value() &&
                    (!coil || coil->matrix() == posted_coil_->matrix());
  if (!same) {
    posted_coil_ = coil;
    posted_state_ = g.state;
    posted_coil_once_ = true;
    const GuidanceState state = g.state;
    scene_.postMotion(
        [coil, state](Scene& scene, FramebufferView&) { scene.setTrackedCoil(coil, state); });
  }
}

}  // namespace tmsnav
