// The registration wizard's state machine, driven by the simulated tracker's technician
// who follows its prompts: pivot, coil touches, landmarks, sweep, checkpoint, on an
// ellipsoid head with a known truth; and the transitions it must refuse.
#include <cmath>

#include <gtest/gtest.h>

#include "core/coords.h"
#include "navigation/simulated_registration.h"
#include "tests/unit/ellipsoid_scalp.h"
#include "tracking/simulated_tracker.h"

namespace tmsnav {
namespace {

constexpr double kRateHz = 50.0;
constexpr double kMaxSimulatedS = 300.0;  // the whole wizard takes well under a minute
constexpr double kTipMm = 0.5;            // pivot: the tip recovered within this
constexpr double kCoilMm = 1.0;           // coil calibration: its origin recovered within this
constexpr double kTargetMm = 3.0;         // issue 18: predicted and true TRE at the target
constexpr double kCheckpointMm = 4.0;     // the checkpoint touch (1 mm FLE) vs the image landmark

std::shared_ptr<const ScalpSurface> ellipsoidScalp() {
  std::vector<Eigen::Vector3d> points, normals;
  ellipsoid(points, normals);
  return *ScalpSurface::make(points, normals);
}

// LPS: nose toward -y, left ear toward +x.
std::vector<NamedPoint> landmarks() {
  return {{"nasion", {0, -95, 0}}, {"lpa", {75, 0, 0}}, {"rpa", {-75, 0, 0}}};
}

std::vector<CoilTouchPoint> coilPoints() {
  return {{"front", Point<frame::Coil>(Eigen::Vector3d(0, 60, 0))},
          {"back", Point<frame::Coil>(Eigen::Vector3d(0, -60, 0))},
          {"left", Point<frame::Coil>(Eigen::Vector3d(-90, 0, 5))},
          {"right", Point<frame::Coil>(Eigen::Vector3d(90, 0, 5))},
          {"top", Point<frame::Coil>(Eigen::Vector3d(0, 0, -25))}};
}

const Eigen::Vector3d kTarget(-40, -50, 50);  // a DLPFC-like point under the scalp

struct Rig {
  std::shared_ptr<const ScalpSurface> scalp = ellipsoidScalp();
  SimulatedTechnician technician;
  std::optional<SimulatedTracker> tracker;
  RegistrationWizard wizard;

  explicit Rig(WizardSetup setup) : wizard(std::move(setup)) {
    technician =
        *simulatedTechnician(landmarks(), scalp->index().points(), coilPoints(), "nasion", 3);
    SimulationConfig c;
    c.rate_hz = kRateHz;
    c.technician = technician;
    Eigen::Isometry3d target = Eigen::Isometry3d::Identity();
    target.translation() = Eigen::Vector3d(0, 0, 90);
    tracker.emplace(c, Transform<frame::Target, frame::Mri>(target), simulatedSetup());
  }
  // Runs the tracker, solving and accepting each step, until the wizard is done.
  void runToDone(std::vector<std::string>* figures = nullptr) {
    for (double t = 0; t < kMaxSimulatedS && wizard.step() != WizardStep::Done;
         t += 1.0 / kRateHz) {
      technician.cue->ask(technicianTaskFor(wizard.step(), wizard.phase()));
      wizard.feed(tracker->sample(t));
      (void)wizard.instruction();  // every state has words (and must not crash saying them)
      (void)wizard.figure();
      if (wizard.readyToSolve()) {
        auto job = wizard.beginSolve();
        ASSERT_TRUE(job.ok()) << job.error();
        ASSERT_TRUE(wizard.endSolve((*job)()).ok());
        ASSERT_EQ(wizard.phase(), WizardPhase::Review) << wizard.problem();
        if (figures) figures->push_back(wizard.figure());
        ASSERT_TRUE(wizard.accept().ok());
      }
    }
  }
};

WizardSetup fullSetup(std::shared_ptr<const ScalpSurface> scalp) {
  WizardSetup s;
  s.landmarks = landmarks();
  s.targets = {{"dlpfc", kTarget}};
  s.scalp = std::move(scalp);
  s.coil_points = coilPoints();
  s.max_age_s = 0.1;
  return s;
}

TEST(RegistrationWizard, SimulatedTechnicianTakesEveryStepToARegistration) {
  auto scalp = ellipsoidScalp();
  Rig rig(fullSetup(scalp));
  std::vector<std::string> figures;
  rig.runToDone(&figures);
  ASSERT_EQ(rig.wizard.step(), WizardStep::Done) << rig.wizard.instruction();
  ASSERT_EQ(figures.size(), 5u);
  const WizardResult& r = rig.wizard.result();
  const TrackingSetup truth = simulatedSetup();
  ASSERT_TRUE(r.pivot);
  EXPECT_LT((r.pointer_tip - rig.technician.config.tip_in_marker).norm(), kTipMm);
  ASSERT_TRUE(r.coil);
  EXPECT_LT((r.coil->coil_to_coil_marker.iso().translation() -
             truth.coil_to_coil_marker.iso().translation())
                .norm(),
            kCoilMm);
  ASSERT_TRUE(r.registration);
  ASSERT_TRUE(r.registration->icp);
  EXPECT_GE(r.registration->sweep_points, 100u);
  const Eigen::Vector3d in_head = truth.head_ref_to_mri.iso().inverse() * kTarget;
  const double true_tre = (r.registration->head_ref_to_mri.iso() * in_head - kTarget).norm();
  EXPECT_LT(true_tre, kTargetMm) << figures[2] << " / " << figures[3] << " landmarks predicted "
                                 << r.registration->predicted_tre_landmarks_mm.at("dlpfc");
  EXPECT_LT(r.registration->predicted_tre_mm.at("dlpfc"), kTargetMm);
  ASSERT_TRUE(r.checkpoint);
  EXPECT_LT(r.checkpoint_error_mm, kCheckpointMm);
  EXPECT_FALSE(rig.wizard.digitised().empty());
}

TEST(RegistrationWizard, RefusesWhatTheCurrentStateDoesNotAllow) {
  Rig rig(fullSetup(ellipsoidScalp()));
  EXPECT_FALSE(rig.wizard.accept().ok());  // nothing to review yet
  EXPECT_FALSE(rig.wizard.skip().ok());    // no saved pointer calibration
  EXPECT_FALSE(rig.wizard.beginSolve().ok());
  EXPECT_FALSE(rig.wizard.endSolve(WizardResult{}).ok());  // nothing is being solved
  EXPECT_FALSE(rig.wizard.finishNow().ok());               // no poses yet
  EXPECT_TRUE(rig.wizard.redo().ok());                     // starting over is always allowed
}

TEST(RegistrationWizard, LandmarksAndCheckpointCannotBeSkipped) {
  WizardSetup s = fullSetup(ellipsoidScalp());
  s.pointer_tip = Eigen::Vector3d(0, 0, 160);
  RegistrationWizard w(s);
  ASSERT_TRUE(w.skip().ok());  // saved pointer calibration
  EXPECT_EQ(w.step(), WizardStep::Coil);
  ASSERT_TRUE(w.skip().ok());  // saved or no coil calibration
  EXPECT_EQ(w.step(), WizardStep::Landmarks);
  EXPECT_FALSE(w.skip().ok());
  EXPECT_EQ(w.step(), WizardStep::Landmarks);
}

TEST(RegistrationWizard, SolvingRefusesEveryOtherCommand) {
  Rig rig(fullSetup(ellipsoidScalp()));
  for (double t = 0; t < 30 && !rig.wizard.readyToSolve(); t += 1.0 / kRateHz) {
    rig.technician.cue->ask(PointerTask::Pivot);
    rig.wizard.feed(rig.tracker->sample(t));
  }
  ASSERT_TRUE(rig.wizard.readyToSolve());
  auto job = rig.wizard.beginSolve();
  ASSERT_TRUE(job.ok());
  EXPECT_EQ(rig.wizard.phase(), WizardPhase::Solving);
  EXPECT_FALSE(rig.wizard.accept().ok());
  EXPECT_FALSE(rig.wizard.redo().ok());
  EXPECT_FALSE(rig.wizard.skip().ok());
  EXPECT_FALSE(rig.wizard.beginSolve().ok());
  ASSERT_TRUE(rig.wizard.endSolve((*job)()).ok());
  EXPECT_EQ(rig.wizard.phase(), WizardPhase::Review);
  ASSERT_TRUE(rig.wizard.redo().ok());  // redo discards the pivot just solved
  EXPECT_FALSE(rig.wizard.result().pivot);
  EXPECT_EQ(rig.wizard.phase(), WizardPhase::Collecting);
}

// A touch with the head reference out of view is refused on the spot, loudly.
TEST(RegistrationWizard, ATouchWithoutTheHeadReferenceIsRefused) {
  WizardSetup s = fullSetup(ellipsoidScalp());
  s.pointer_tip = Eigen::Vector3d(0, 0, 160);
  Rig rig(s);
  ASSERT_TRUE(rig.wizard.skip().ok());
  ASSERT_TRUE(rig.wizard.skip().ok());
  ASSERT_EQ(rig.wizard.step(), WizardStep::Landmarks);
  rig.technician.cue->ask(PointerTask::Landmarks);
  for (double t = 0; t < 5; t += 1.0 / kRateHz) {
    TrackerFrame f = rig.tracker->sample(t);
    for (auto& tool : f.tools)
      if (tool.tool == kHeadRefTool) tool.status = PoseStatus::Missing;
    rig.wizard.feed(f);
  }
  EXPECT_EQ(rig.wizard.collected(), 0u);
  EXPECT_NE(rig.wizard.problem().find("refused"), std::string::npos) << rig.wizard.problem();
}

}  // namespace
}  // namespace tmsnav
