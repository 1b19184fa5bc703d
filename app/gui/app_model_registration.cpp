// AppModel's patient-registration commands (simulated, loaded, the wizard, save, clear):
// each checks the workflow, then hands over to the RegistrationSession.
#include <filesystem>

#include "app/gui/app_model.h"
#include "core/atomic_file.h"
#include "core/clock.h"
#include "io/registration_file.h"
#include "io/sha256.h"
#include "navigation/simulated_registration.h"

namespace tmsnav {

Result<Done> AppModel::registerSimulatedPatient(unsigned long long seed) {
  if (tracking()) return Error{"stop tracking before registering"};
  auto planner = patient_.planner();
  if (!planner) return Error{planner.error()};
  return registration_.simulate(*patient_.patient(), **planner, seed);
}

Result<Done> AppModel::loadRegistration(const std::string& path) {
  if (tracking()) return Error{"stop tracking before registering"};
  if (workflow() != Workflow::Ready) return Error{"load the MRI the registration was made for"};
  return registration_.load(path, mriPath());
}

Result<Done> AppModel::startWizard() {
  if (workflow() != Workflow::Ready) return Error{"load an MRI before registering"};
  if (!tracking()) return Error{"start tracking first: the wizard reads the tracked pointer"};
  auto planner = patient_.planner();
  if (!planner) return Error{planner.error()};
  WizardStart start;
  if (auto coil = readCoilTouchPoints(coil_model_)) start.coil_points = *coil;
  if (const auto& reg = registration_.current()) start.pointer_tip = reg->pointer_tip;
  if (source_ && std::holds_alternative<SimulatedSourceSpec>(*source_))
    start.truth = simulatedHeadRefToMri();
  return registration_.startWizard(*patient_.patient(), **planner, std::move(start));
}

Result<Done> AppModel::wizardCommand(WizardCommand c) {
  return registration_.command(c);
}

Result<Done> AppModel::saveRegistration(const std::string& path) {
  const auto& reg = registration_.current();
  if (!reg) return Error{"there is no registration to save"};
  auto sha = sha256File(mriPath());
  if (!sha) return Error{"the loaded MRI cannot be identified: " + sha.error()};
  RegistrationRecord record;
  record.registration = reg->registration;
  record.checkpoint = reg->checkpoint;
  record.checkpoint_name = "nasion";
  record.mri_path = mriPath();
  record.mri_sha256 = *sha;
  record.source = reg->source;
  record.time = utcNow();
  if (auto w = writeTextAtomically(path, registrationJson(record)); !w) return w;
  registration_path_ = std::filesystem::absolute(path).lexically_normal().string();
  autosave();
  return Done{};
}

Result<Done> AppModel::clearRegistration() {
  if (tracking()) return Error{"stop tracking before clearing the registration"};
  registration_.clear();
  return Done{};
}

}  // namespace tmsnav
