#pragma once
// Loading and segmenting an MRI off the UI thread, with progress and cancel. The result
// is handed over whole: a half-built head model is never visible.
#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "imaging/atlas_cache.h"
#include "imaging/head_model.h"
#include "imaging/mni_registration.h"
#include "planning/plan_builder.h"

namespace tmsnav {

// What the progress bar says for a load job's stage (stage()): plain words a clinician
// reads ("Finding the brain"), not the segmenter's step names ("brain: closing").
std::string plainStage(const std::string& stage);

struct LoadedPatient {
  Volume volume;
  HeadModel model;
  std::optional<MniRegistration> registration;  // empty when the template is missing
  std::string registration_note;                // why it is empty, or its warnings
  // The orientation policy the registration ran under (the user may choose another when
  // the header and the anatomy disagreed: registration->orientation_figures says how).
  OrientationPolicy orientation = OrientationPolicy::Auto;
  // The scalp and cortex with their search structures, built by the job.
  std::unique_ptr<PlanSurfaces> surfaces;
};

class LoadJob {
 public:
  // atlases: filled by the job before it hands the patient over, so that no atlas target
  // loads its atlas on the UI thread.
  LoadJob(std::string path, std::string series_uid, std::string template_dir,
          std::shared_ptr<AtlasCache> atlases,
          OrientationPolicy orientation = OrientationPolicy::Auto);
  ~LoadJob();  // cancels and joins

  double progress() const { return progress_.load(); }
  std::string stage() const;
  void cancel() { cancel_ = true; }
  bool finished() const { return finished_.load(); }
  // Once finished: the patient or the reason it failed. Call once.
  Result<LoadedPatient> take();

 private:
  void run();
  void prefetchAtlases();
  void indexSurfaces(LoadedPatient& patient);
  Result<LoadedPatient> segment(Volume volume, const Progress& progress) const;

  std::string path_;
  std::string series_uid_;
  OrientationPolicy orientation_ = OrientationPolicy::Auto;
  std::string template_dir_;
  std::shared_ptr<AtlasCache> atlases_;
  std::atomic<double> progress_{0.0};
  std::atomic<bool> cancel_{false};
  std::atomic<bool> finished_{false};
  mutable std::mutex mutex_;
  std::string stage_ = "queued";
  std::optional<Result<LoadedPatient>> result_;
  std::jthread thread_;
};

}  // namespace tmsnav
