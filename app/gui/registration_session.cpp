#include "app/gui/registration_session.h"

#include "app/gui/load_job.h"
#include "imaging/scalp_points.h"
#include "io/registration_file.h"
#include "io/sha256.h"
#include "navigation/simulated_registration.h"
#include "planning/target_list.h"

namespace tmsnav {

const char* toString(RegistrationStatus s) {
  switch (s) {
    case RegistrationStatus::None:
      return "none";
    case RegistrationStatus::Running:
      return "running";
    case RegistrationStatus::Ready:
      return "ready";
    case RegistrationStatus::Failed:
      return "failed";
  }
  return "failed";
}

Result<Done> RegistrationSession::startJob(std::future<Result<AppRegistration>> job) {
  if (wizardActive()) return Error{"the registration wizard is running: finish or cancel it"};
  wizard_.reset();  // a finished wizard's points belong to the registration being replaced
  resetDigitised();
  job_ = std::move(job);
  status_ = RegistrationStatus::Running;
  error_.clear();
  return Done{};
}

Result<Done> RegistrationSession::simulate(const LoadedPatient& patient, PatientPlanner& planner,
                                           unsigned long long seed) {
  if (status_ == RegistrationStatus::Running) return Error{"a registration is already running"};
  std::vector<NamedPoint> landmarks;
  const auto all = planner.scalpLandmarks();
  for (const char* name : {"nasion", "lpa", "rpa"}) {
    const auto it = all.find(name);
    if (it == all.end()) return Error{"the simulated registration needs the scalp landmarks"};
    landmarks.push_back({name, it->second});
  }
  std::vector<NamedPoint> targets;
  for (const auto& t : planner.list().all()) targets.push_back({t.name, t.target_lps});
  // The mesh's points are copied here, on the UI thread that also renders it; their k-d
  // tree is built on the job's thread.
  auto points = scalpPointsOf(patient.model.scalp_lps);
  if (!points) return Error{points.error()};
  return startJob(
      std::async(std::launch::async, [=, points = std::move(*points)]() -> Result<AppRegistration> {
        try {  // nothing is thrown across the thread
          auto scalp = ScalpSurface::make(points.vertices, points.normals);
          if (!scalp) return Error{scalp.error()};
          auto sim = simulateRegistration(landmarks, *scalp, targets, seed);
          if (!sim) return Error{sim.error()};
          const auto& first = sim->registration.landmarks.front();
          AppRegistration out{sim->registration, first.touched, sim->true_tre_mm,
                              "simulated pointer (seed " + std::to_string(seed) + ")"};
          out.pointer_tip = sim->registration.pointer_tip;
          out.checkpoint_confirmed = true;  // its first touch is the checkpoint
          return out;
        } catch (const std::exception& e) {
          return Error{std::string("registration failed: ") + e.what()};
        }
      }));
}

Result<Done> RegistrationSession::load(const std::string& path, const std::string& mri_path) {
  if (status_ == RegistrationStatus::Running) return Error{"a registration is already running"};
  return startJob(std::async(std::launch::async, [=]() -> Result<AppRegistration> {
    try {
      return loadChecked(path, mri_path);
    } catch (const std::exception& e) {
      return Error{std::string("registration failed: ") + e.what()};
    }
  }));
}

Result<AppRegistration> RegistrationSession::loadChecked(const std::string& path,
                                                         const std::string& mri_path) {
  auto record = readRegistration(path);
  if (!record) return Error{record.error()};
  auto sha = sha256File(mri_path);
  if (!sha) return Error{"the loaded MRI cannot be identified: " + sha.error()};
  if (record->mri_sha256 != *sha)
    return Error{path + " was made for another MRI (SHA-256 differs)"};
  AppRegistration out{record->registration, record->checkpoint, {}, path};
  if (!record->registration.pointer_tip_source.empty())
    out.pointer_tip = record->registration.pointer_tip;
  return out;
}

void RegistrationSession::clear() {
  wizard_.reset();
  resetDigitised();
  current_.reset();
  error_.clear();
  if (status_ != RegistrationStatus::Running) status_ = RegistrationStatus::None;
}

void RegistrationSession::tick(double now_s) {
  tickWizard(now_s);
  if (status_ != RegistrationStatus::Running || !job_.valid()) return;
  if (job_.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return;
  auto result = job_.get();
  if (!result) {
    status_ = RegistrationStatus::Failed;
    error_ = result.error();
    return;
  }
  current_ = std::move(*result);
  current_->made_at_s = now_s;
  status_ = RegistrationStatus::Ready;
  ++generation_;
}

namespace {
std::vector<NamedPoint> wizardLandmarks(PatientPlanner& planner) {
  std::vector<NamedPoint> out;
  const auto all = planner.scalpLandmarks();
  for (const char* name : {"nasion", "lpa", "rpa"})
    if (const auto it = all.find(name); it != all.end()) out.push_back({name, it->second});
  return out;
}

// Distance of p to the scalp: to the tangent plane of its nearest vertex (vertices are
// about a millimetre apart, so this is close to the distance to the mesh).
double scalpDistanceMm(const ScalpSurface& scalp, const Eigen::Vector3d& p) {
  const auto hit = scalp.index().nearest(p);
  const Eigen::Vector3d& v = scalp.index().points()[hit.index];
  return std::abs(scalp.normals()[hit.index].dot(p - v));
}
}  // namespace

Result<Done> RegistrationSession::startWizard(const LoadedPatient& patient, PatientPlanner& planner,
                                              WizardStart start) {
  if (status_ == RegistrationStatus::Running) return Error{"a registration is already running"};
  if (wizardActive()) return Error{"the registration wizard is already running"};
  WizardSetup setup;
  setup.landmarks = wizardLandmarks(planner);
  if (setup.landmarks.size() < 3) return Error{"the wizard needs the nasion and both ears"};
  for (const auto& t : planner.list().all()) setup.targets.push_back({t.name, t.target_lps});
  setup.coil_points = std::move(start.coil_points);
  setup.pointer_tip = start.pointer_tip;
  auto points = scalpPointsOf(patient.model.scalp_lps);
  if (!points) return Error{points.error()};
  wizard_.reset();
  resetDigitised();
  error_.clear();
  truth_ = start.truth;
  wizard_taken_ = false;
  wizard_setup_ = std::move(setup);
  scalp_job_ = std::async(std::launch::async, [points = std::move(*points)]() {
    try {
      return ScalpSurface::make(points.vertices, points.normals);
    } catch (const std::exception& e) {
      return Result<std::shared_ptr<const ScalpSurface>>(Error{e.what()});
    }
  });
  return Done{};
}

Result<Done> RegistrationSession::command(WizardCommand c) {
  if (c == WizardCommand::Cancel) {
    if (!wizardActive() && !wizard_) return Error{"no registration wizard is running"};
    if (solve_job_.valid()) solve_job_.wait();  // its copies are dropped with it
    solve_job_ = {};
    wizard_.reset();
    resetDigitised();
    return Done{};
  }
  if (!wizard_) return Error{"no registration wizard is running"};
  if (solve_job_.valid()) return Error{"wait: the step is being computed"};
  switch (c) {
    case WizardCommand::Accept:
      return wizard_->accept();
    case WizardCommand::Redo:
      return wizard_->redo();
    case WizardCommand::Skip:
      return wizard_->skip();
    case WizardCommand::FinishNow:
      return wizard_->finishNow();
    case WizardCommand::Cancel:
      break;
  }
  return Done{};
}

void RegistrationSession::feed(const std::vector<TrackerFrame>& frames) {
  if (!wizard_ || solve_job_.valid()) return;
  for (const auto& f : frames) wizard_->feed(f);
}

void RegistrationSession::resetDigitised() {
  digitised_.clear();
  digitised_key_.reset();
  ++digitised_version_;
}

void RegistrationSession::tickWizard(double now_s) {
  if (scalp_job_.valid() &&
      scalp_job_.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
    auto scalp = scalp_job_.get();
    if (!scalp) {
      error_ = "the wizard cannot start: " + scalp.error();
      return;
    }
    wizard_setup_.scalp = *scalp;
    wizard_ = std::make_unique<RegistrationWizard>(wizard_setup_);
  }
  if (!wizard_) return;
  if (solve_job_.valid() &&
      solve_job_.wait_for(std::chrono::seconds(0)) == std::future_status::ready)
    (void)wizard_->endSolve(solve_job_.get());
  if (wizard_->readyToSolve() && !solve_job_.valid()) {
    auto job = wizard_->beginSolve();
    if (job)
      solve_job_ =
          std::async(std::launch::async, [job = std::move(*job)]() -> Result<WizardResult> {
            try {  // nothing is thrown across the thread
              return job();
            } catch (const std::exception& e) {
              return Error{std::string("the step failed: ") + e.what()};
            }
          });
  }
  // The points change only when the wizard collects or solves: not every frame.
  const DigitisedKey key{wizard_->step(), wizard_->phase(), wizard_->collected()};
  if (key != digitised_key_) {
    resetDigitised();
    digitised_key_ = key;
    for (const auto& d : wizard_->digitised())
      digitised_.emplace_back(d.p_mri, scalpDistanceMm(*wizard_setup_.scalp, d.p_mri));
  }
  if (wizard_->step() == WizardStep::Done && !wizard_taken_) finishWizard(now_s);
}

void RegistrationSession::finishWizard(double now_s) {
  const WizardResult& r = wizard_->result();
  if (!r.registration) return;
  AppRegistration out;
  out.registration = *r.registration;
  out.checkpoint = r.checkpoint;
  out.source = "registration wizard";
  out.made_at_s = now_s;
  out.pointer_tip = r.pointer_tip;
  out.coil = r.coil;
  out.checkpoint_confirmed = true;
  if (truth_)
    for (const auto& t : wizard_setup_.targets) {
      const Eigen::Vector3d in_head = truth_->iso().inverse() * t.p_lps;
      out.true_tre_mm[t.name] = (out.registration.head_ref_to_mri.iso() * in_head - t.p_lps).norm();
    }
  current_ = std::move(out);
  status_ = RegistrationStatus::Ready;
  wizard_taken_ = true;
  ++generation_;
}

}  // namespace tmsnav
