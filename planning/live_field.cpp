#include "planning/live_field.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <exception>

#include "efield/coil_field.h"
#include "imaging/surface_index.h"
#include "planning/efield_on_patient.h"

namespace tmsnav {

namespace {
constexpr double kUnderCoilSearchMm = 150.0;  // from the coil face to the cortex
constexpr double kScaleStepVPerM = 10.0;

double msSince(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}
}  // namespace

LiveFieldEngine::LiveFieldEngine(LiveFieldSetup setup) : setup_(std::move(setup)) {
  vtkPolyData* cortex = setup_.cortex_lps;
  vertices_.resize(static_cast<size_t>(cortex->GetNumberOfPoints()));
  for (vtkIdType i = 0; i < cortex->GetNumberOfPoints(); ++i)
    cortex->GetPoint(i, vertices_[static_cast<size_t>(i)].data());
  skull_ = std::make_unique<SurfaceIndex>(setup_.inner_skull_lps);
  cortex_ = std::make_unique<SurfaceIndex>(setup_.cortex_lps);
  skull_->build();
  cortex_->build();
  const LiveField planned = compute(setup_.planned_pose);
  if (planned.error.empty() && planned.peak_v_per_m > 0)
    scale_ = kScaleStepVPerM * std::ceil(planned.peak_v_per_m / kScaleStepVPerM);
}

LiveFieldEngine::~LiveFieldEngine() = default;

LiveField LiveFieldEngine::compute(const Eigen::Isometry3d& pose) const {
  const auto t0 = std::chrono::steady_clock::now();
  LiveField out;
  out.coil_to_mri = pose;
  auto sphere = fitLocalSphere(*skull_, pose);
  if (!sphere) {
    out.error = sphere.error();
    return out;
  }
  const Eigen::Vector3d origin = pose.translation(), axis = pose.linear().col(2);
  if (auto hit = cortex_->firstHit(origin, axis, kUnderCoilSearchMm))
    out.under_coil_lps = *hit;
  else if (auto nearest = cortex_->nearest(sphere->under_coil_lps))
    out.under_coil_lps = *nearest;
  std::vector<Eigen::Vector3d> points;
  for (size_t i = 0; i < vertices_.size(); ++i)
    if ((vertices_[i] - out.under_coil_lps).squaredNorm() <= kLiveRoiMm * kLiveRoiMm) {
      out.roi.push_back(static_cast<int>(i));
      points.push_back(vertices_[i]);
    }
  const Eigen::Vector3d centre = sphere->sphere.centre_mm;
  const auto e = efield::fieldAtPoints(efield::placeCoil(setup_.map_coil, pose, centre), points,
                                       setup_.didt_a_per_us, setup_.threads);
  out.magnitude.resize(e.size());
  for (size_t i = 0; i < e.size(); ++i) {
    out.magnitude[i] = static_cast<float>(e[i].norm());
    if (out.magnitude[i] > out.peak_v_per_m) {
      out.peak_v_per_m = out.magnitude[i];
      out.peak_lps = points[i];
    }
  }
  out.target_e_v_per_m = efield::fieldAt(efield::placeCoil(setup_.reference_coil, pose, centre),
                                         setup_.target_lps, setup_.didt_a_per_us)
                             .norm();
  out.compute_ms = msSince(t0);
  return out;
}

LiveFieldWorker::LiveFieldWorker(LiveFieldSetup setup)
    : thread_([this, s = std::move(setup)](std::stop_token stop) mutable {
        run(stop, std::move(s));
      }) {}

LiveFieldWorker::~LiveFieldWorker() {
  thread_.request_stop();
  wake_.notify_all();
}

void LiveFieldWorker::request(std::uint64_t serial, const Eigen::Isometry3d& pose) {
  {
    std::lock_guard lock(mutex_);
    if (pending_) ++dropped_;
    pending_ = std::make_pair(serial, pose);
  }
  wake_.notify_all();
}

std::shared_ptr<const LiveField> LiveFieldWorker::latest() const {
  std::lock_guard lock(mutex_);
  return latest_;
}

std::uint64_t LiveFieldWorker::published() const {
  std::lock_guard lock(mutex_);
  return published_;
}

std::uint64_t LiveFieldWorker::dropped() const {
  std::lock_guard lock(mutex_);
  return dropped_;
}

double LiveFieldWorker::scale() const {
  std::lock_guard lock(mutex_);
  return scale_;
}

std::string LiveFieldWorker::setupError() const {
  std::lock_guard lock(mutex_);
  return setup_error_;
}

// The engine is made here (its search structures take a while), then maps the newest pose
// until stopped. Every exception ends as an error the UI shows, never crosses the thread.
void LiveFieldWorker::run(std::stop_token stop, LiveFieldSetup setup) {
  std::unique_ptr<LiveFieldEngine> engine;
  try {
    engine = std::make_unique<LiveFieldEngine>(std::move(setup));
    std::lock_guard lock(mutex_);
    scale_ = engine->scale();
    if (!(scale_ > 0))
      setup_error_ = "no field at the planned pose: the plan is not over this head";
  } catch (const std::exception& e) {
    std::lock_guard lock(mutex_);
    setup_error_ = std::string("the E-field map cannot start: ") + e.what();
  }
  if (!engine || !(engine->scale() > 0)) return;
  while (!stop.stop_requested()) {
    std::pair<std::uint64_t, Eigen::Isometry3d> job;
    {
      std::unique_lock lock(mutex_);
      if (!wake_.wait(lock, stop, [&] { return pending_.has_value(); })) return;
      job = *pending_;
      pending_.reset();
    }
    auto result = std::make_shared<LiveField>();
    try {
      *result = engine->compute(job.second);
    } catch (const std::exception& e) {
      result->error = std::string("E-field map failed: ") + e.what();
    }
    result->serial = job.first;
    result->coil_to_mri = job.second;
    std::lock_guard lock(mutex_);
    latest_ = std::move(result);
    ++published_;
  }
}

}  // namespace tmsnav
