#include "app/gui/load_job.h"

namespace tmsnav {

LoadJob::LoadJob(std::string path, std::string series_uid)
    : path_(std::move(path)), series_uid_(std::move(series_uid)) {
  thread_ = std::jthread([this] { run(); });
}

LoadJob::~LoadJob() {
  cancel_ = true;
  if (thread_.joinable()) thread_.join();
}

std::string LoadJob::stage() const {
  std::lock_guard lock(mutex_);
  return stage_;
}

Result<LoadedPatient> LoadJob::take() {
  std::lock_guard lock(mutex_);
  if (!result_) return Error{"loading has not finished"};
  Result<LoadedPatient> out = std::move(*result_);
  result_.reset();
  return out;
}

// Subject <-> MNI for MNI targets and coordinates; a missing template only costs that.
void LoadJob::registerToTemplate(LoadedPatient& patient, const Progress& progress) {
  auto template_volume = loadVolume(kMniTemplate);
  if (!template_volume) {
    patient.registration_note = "no MNI registration: " + template_volume.error();
    return;
  }
  auto registration = registerToMni(patient.volume, *template_volume, {}, progress);
  if (!registration) {
    patient.registration_note = registration.error();
    return;
  }
  for (const auto& w : registration->warnings) patient.registration_note += w + "; ";
  patient.registration = std::move(*registration);
}

void LoadJob::run() {
  Progress progress{[this](double f, const std::string& s) {
                      progress_ = 0.1 + 0.9 * f;
                      std::lock_guard lock(mutex_);
                      stage_ = s;
                    },
                    &cancel_};
  {
    std::lock_guard lock(mutex_);
    stage_ = "loading";
  }
  std::optional<Result<LoadedPatient>> result;
  try {
    auto volume = loadHeadVolume(path_, series_uid_);
    if (!volume) {
      result = Error{volume.error()};
    } else {
      progress_ = 0.1;
      Progress head_progress{[&](double f, const std::string& st) { progress(0.6 * f, st); },
                             &cancel_};
      auto model = buildHeadModel(*volume, head_progress);
      if (!model) {
        result = Error{model.error()};
      } else {
        LoadedPatient patient{std::move(*volume), std::move(*model), std::nullopt, ""};
        registerToTemplate(
            patient, Progress{[&](double f, const std::string& st) { progress(0.6 + 0.4 * f, st); },
                              &cancel_});
        if (cancel_)
          result = Error{"cancelled"};
        else
          result = std::move(patient);
      }
    }
  } catch (const std::exception& e) {  // never let an exception escape the thread
    result = Error{std::string("loading failed: ") + e.what()};
  }
  {
    std::lock_guard lock(mutex_);
    result_ = std::move(result);
    stage_ = "done";
  }
  finished_ = true;
}

}  // namespace tmsnav
