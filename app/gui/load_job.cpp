#include "app/gui/load_job.h"

#include "imaging/atlas.h"

namespace tmsnav {

std::string plainStage(const std::string& stage) {
  auto starts = [&](const char* prefix) { return stage.rfind(prefix, 0) == 0; };
  // Prefixed steps first: "brain: closing" is the brain's, not the head's closing.
  if (starts("registration")) return "Matching the head to the MNI template";
  if (starts("brain")) return "Finding the brain";
  if (starts("tissue")) return "Telling grey matter from white";
  if (stage == "queued" || stage == "loading") return "Reading the MRI";
  for (const char* s : {"threshold", "largest component", "closing", "hole filling", "head mask"})
    if (stage == s) return "Finding the head";
  if (stage == "surface" || stage == "decimation") return "Making the 3-D surfaces";
  if (stage == "indexing surfaces") return "Preparing the surfaces for planning";
  if (stage == "atlases") return "Loading the brain atlases";
  if (stage == "done") return "Done";
  return "Working";
}

LoadJob::LoadJob(std::string path, std::string series_uid, std::string template_dir,
                 std::shared_ptr<AtlasCache> atlases, OrientationPolicy orientation)
    : path_(std::move(path)),
      series_uid_(std::move(series_uid)),
      orientation_(orientation),
      template_dir_(std::move(template_dir)),
      atlases_(std::move(atlases)) {
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

// Head, MNI registration, brain and cortex. Without the template (mricron-data missing)
// or when the registration fails, the scalp alone still allows RAS and scalp targets.
Result<LoadedPatient> LoadJob::segment(Volume volume, const Progress& progress) const {
  std::string note;
  if (auto templates = loadMniTemplates(template_dir_)) {
    // The inner skull is the E-field's conductor (issue 29): made beside the cortex. Where
    // it cannot be made the brain model is made without it (no E-field, said).
    auto model = buildFullHeadModel(volume, *templates, progress,
                                    {.intracranial = true, .orientation = orientation_});
    if (!model && !progress.cancelled()) {
      note = "no E-field (no inner skull: " + model.error() + "); ";
      model = buildFullHeadModel(volume, *templates, progress,
                                 {.intracranial = false, .orientation = orientation_});
    }
    if (model) {
      LoadedPatient patient{std::move(volume), std::move(*model), std::nullopt, note};
      patient.registration = patient.model.registration;
      patient.orientation = orientation_;
      for (const auto& w : patient.registration->warnings) patient.registration_note += w + "; ";
      if (!patient.model.head.low_threshold_note.empty())
        patient.registration_note += patient.model.head.low_threshold_note + "; ";
      if (patient.model.brain_refused)
        patient.registration_note += "no brain model: " + *patient.model.brain_refused + "; ";
      return patient;
    }
    if (progress.cancelled()) return Error{"cancelled"};
    note = "no brain model: " + model.error();
  } else {
    note = "no MNI registration: " + templates.error();
  }
  auto model = buildHeadModel(volume, progress);
  if (!model) return Error{model.error()};
  return LoadedPatient{std::move(volume), std::move(*model), std::nullopt, note};
}

// Planning asks many questions of the same two surfaces: their search structures are
// built here, not on the UI thread at the first target.
void LoadJob::indexSurfaces(LoadedPatient& patient) {
  {
    std::lock_guard lock(mutex_);
    stage_ = "indexing surfaces";
  }
  patient.surfaces =
      std::make_unique<PlanSurfaces>(patient.model.scalp_lps, patient.model.cortex_lps);
  patient.surfaces->scalp.build();
  patient.surfaces->cortex.build();
}

// Atlas targets and patches need the atlases: loaded here, in the background, a missing
// one only fails the atlas target that needs it later.
void LoadJob::prefetchAtlases() {
  {
    std::lock_guard lock(mutex_);
    stage_ = "atlases";
  }
  for (const auto& path : atlasPaths(template_dir_)) {
    if (cancel_) return;
    (void)atlases_->get(path);
  }
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
      result = segment(std::move(*volume), progress);
      if (*result) indexSurfaces(**result);
      if (*result && (*result)->registration) prefetchAtlases();
      if (cancel_) result = Error{"cancelled"};
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
