#include "navigation/simulated_registration.h"

#include <algorithm>
#include <cmath>
#include <random>

#include "core/coords.h"
#include "tracking/simulated_pointer.h"
#include "tracking/simulated_tracker.h"

namespace tmsnav {

namespace {
constexpr size_t kSweepPoints = 150;
// The live technician's path passes over this many distinct vault points, spread over the
// whole vault: more than the wizard's goal of 150, as a technician sweeps until told.
constexpr size_t kLiveSweepPoints = 180;
}  // namespace

Transform<frame::HeadRef, frame::Mri> simulatedHeadRefToMri() {
  return simulatedSetup().head_ref_to_mri;
}

Result<SimulatedRegistration> simulateRegistration(const std::vector<NamedPoint>& landmarks,
                                                   std::shared_ptr<const ScalpSurface> scalp,
                                                   const std::vector<NamedPoint>& targets,
                                                   unsigned long long seed) {
  if (landmarks.size() < 3) return Error{"the simulated registration needs 3 landmarks"};
  if (!scalp) return Error{"the simulated sweep needs the scalp"};
  // Touched nasion, lpa, rpa: the second is an ear, the level the vault starts above.
  const auto vault = sweepVault(scalp->index().points(), landmarks[1].p_lps);
  if (vault.empty()) return Error{"the simulated sweep needs scalp points above the ears"};
  std::mt19937 rng(static_cast<unsigned>(seed));
  std::uniform_int_distribution<size_t> pick(0, vault.size() - 1);
  PointerSessionConfig c;
  for (const auto& l : landmarks) c.landmarks_mri.push_back(l.p_lps);
  for (size_t i = 0; i < kSweepPoints; ++i) c.sweep_mri.push_back(vault[pick(rng)]);
  c.head_ref_to_mri = simulatedHeadRefToMri();
  const Eigen::Isometry3d truth = c.head_ref_to_mri.iso();
  c.seed = static_cast<unsigned>(seed);
  LandmarkRegistrationInput in;
  in.path = pointerPath(Collected{simulatePointerSession(c), 1.0 / c.rate_hz});
  in.pointer_tip = c.tip_in_marker;
  in.pointer_tip_source = "simulated pointer";
  in.landmarks = landmarks;
  in.targets = targets;
  in.scalp = std::move(scalp);
  auto reg = registerLandmarks(in);
  if (!reg) return Error{reg.error()};
  SimulatedRegistration out{*reg, c.head_ref_to_mri, {}};
  for (const auto& t : targets) {
    const Eigen::Vector3d in_head = truth.inverse() * t.p_lps;
    out.true_tre_mm[t.name] = (reg->head_ref_to_mri.iso() * in_head - t.p_lps).norm();
  }
  return out;
}

Result<SimulatedTechnician> simulatedTechnician(const std::vector<NamedPoint>& landmarks,
                                                const std::vector<Eigen::Vector3d>& scalp_lps,
                                                const std::vector<CoilTouchPoint>& coil_points,
                                                const std::string& checkpoint,
                                                unsigned long long seed) {
  if (landmarks.size() < 3) return Error{"the simulated technician needs 3 landmarks"};
  const auto vault = sweepVault(scalp_lps, landmarks[1].p_lps);
  if (vault.empty()) return Error{"the simulated sweep needs scalp points above the ears"};
  const TrackingSetup truth = simulatedSetup();
  const Eigen::Isometry3d mri_to_head_ref = truth.head_ref_to_mri.iso().inverse();
  SimulatedTechnician tech;
  TechnicianConfig& c = tech.config;
  c.seed = static_cast<unsigned>(seed);
  for (const auto& l : landmarks) {
    c.landmarks_in_head_ref.push_back(mri_to_head_ref * l.p_lps);
    if (l.name == checkpoint) c.checkpoint_in_head_ref = mri_to_head_ref * l.p_lps;
  }
  std::vector<Eigen::Vector3d> spread = vault;
  std::shuffle(spread.begin(), spread.end(), std::mt19937(static_cast<unsigned>(seed)));
  spread.resize(std::min(spread.size(), kLiveSweepPoints));
  for (const auto& p : spread) c.sweep_in_head_ref.push_back(mri_to_head_ref * p);
  for (const auto& p : coil_points)
    c.coil_points_in_marker.push_back(truth.coil_to_coil_marker.iso() * p.p.p);
  return tech;
}

PointerTask technicianTaskFor(WizardStep step, WizardPhase phase) {
  if (phase != WizardPhase::Collecting) return PointerTask::Idle;
  switch (step) {
    case WizardStep::Pivot:
      return PointerTask::Pivot;
    case WizardStep::Coil:
      return PointerTask::CoilTouches;
    case WizardStep::Landmarks:
      return PointerTask::Landmarks;
    case WizardStep::Sweep:
      return PointerTask::Sweep;
    case WizardStep::Checkpoint:
      return PointerTask::Checkpoint;
    case WizardStep::Done:
      break;
  }
  return PointerTask::Idle;
}

}  // namespace tmsnav
