#pragma once
// A whole registration on a simulated patient with a known truth: the head reference
// where the simulated tracker puts it (so `track --simulate` and the app's simulated coil
// continue the same patient through the registration found), a virtual technician touching the
// landmarks (1 mm FLE) and sweeping the vault, then the real pipeline (touch detection, landmark
// fit, ICP). `tmsnav register
// --simulate` and the app's "Register simulated patient" both run it.
#include <map>
#include <string>
#include <vector>

#include "navigation/coil_calibration.h"
#include "navigation/patient_registration.h"
#include "navigation/registration_wizard.h"
#include "tracking/simulated_pointer.h"

namespace tmsnav {

struct SimulatedRegistration {
  PatientRegistration registration;
  Transform<frame::HeadRef, frame::Mri> truth;
  std::map<std::string, double> true_tre_mm;  // per target: the error the truth reveals
};

// landmarks: touched in order, nasion, lpa, rpa (LPS); scalp: the surface the sweep covers
// (above the ears) and ICP refines on; targets: where errors are predicted and measured.
Result<SimulatedRegistration> simulateRegistration(const std::vector<NamedPoint>& landmarks,
                                                   std::shared_ptr<const ScalpSurface> scalp,
                                                   const std::vector<NamedPoint>& targets,
                                                   unsigned long long seed);

// The simulated tracker's own head reference placement: the truth a simulated
// registration should find.
Transform<frame::HeadRef, frame::Mri> simulatedHeadRefToMri();

// The technician of the simulated patient, for the live wizard: the landmarks (LPS, in the
// order the wizard asks for them), the vault the sweep covers, the coil's touch points,
// placed through the simulator's truth; the checkpoint is the landmark named so.
Result<SimulatedTechnician> simulatedTechnician(const std::vector<NamedPoint>& landmarks,
                                                const std::vector<Eigen::Vector3d>& scalp_lps,
                                                const std::vector<CoilTouchPoint>& coil_points,
                                                const std::string& checkpoint,
                                                unsigned long long seed);

// What the simulated technician does while the wizard (or guidance) shows this.
PointerTask technicianTaskFor(WizardStep step, WizardPhase phase);

}  // namespace tmsnav
