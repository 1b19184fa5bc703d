#include "navigation/simulated_registration.h"

#include <cmath>
#include <random>

#include "core/coords.h"
#include "tracking/simulated_pointer.h"
#include "tracking/simulated_tracker.h"

namespace tmsnav {

namespace {
constexpr size_t kSweepPoints = 150;
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

}  // namespace tmsnav
