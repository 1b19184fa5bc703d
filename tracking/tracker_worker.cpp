#include "tracking/tracker_worker.h"

namespace tmsnav {

const char* toString(TrackerState s) {
  switch (s) {
    case TrackerState::Idle:
      return "idle";
    case TrackerState::Running:
      return "running";
    case TrackerState::Stopping:
      return "stopping";
    case TrackerState::Failed:
      return "failed";
  }
  return "failed";
}

TrackerWorker::~TrackerWorker() {
  (void)stop();
}

Result<Done> TrackerWorker::start(std::unique_ptr<TrackerSource> source) {
  std::lock_guard lock(control_);
  const TrackerState s = state_.load();
  if (s != TrackerState::Idle && s != TrackerState::Failed)
    return Error{std::string("cannot start tracker while ") + toString(s)};
  if (!source) return Error{"no tracker source"};
  if (thread_.joinable()) thread_.join();  // a source that ended by itself
  source_ = std::move(source);
  frames_ = 0;
  {
    std::lock_guard failure_lock(failure_mutex_);
    failure_.reset();
  }
  mailbox_.clear();
  state_ = TrackerState::Running;
  thread_ = std::jthread([this](std::stop_token st) { run(st); });
  return Done{};
}

Result<Done> TrackerWorker::stop() {
  std::lock_guard lock(control_);
  const TrackerState s = state_.load();
  if (s != TrackerState::Running && !thread_.joinable())
    return Error{std::string("cannot stop tracker while ") + toString(s)};
  if (s == TrackerState::Running) state_ = TrackerState::Stopping;
  thread_.request_stop();
  if (thread_.joinable()) thread_.join();
  source_.reset();
  mailbox_.clear();  // a stopped tracker has no current pose
  if (state_ != TrackerState::Failed) state_ = TrackerState::Idle;
  return Done{};
}

void TrackerWorker::run(std::stop_token stop) {
  while (!stop.stop_requested()) {
    std::optional<TrackerFrame> frame = source_->next(stop);
    if (!frame) break;
    if (on_frame_) on_frame_(*frame);
    mailbox_.publish(std::move(*frame));
    ++frames_;
  }
  // A source that ended on its own leaves the worker Idle (the UI sees frames age out);
  // one that failed leaves it Failed, with the reason.
  auto failure = stop.stop_requested() ? std::nullopt : source_->failure();
  const bool failed = failure.has_value();
  if (failed) {
    std::lock_guard lock(failure_mutex_);
    failure_ = std::move(failure);
  }
  TrackerState expected = TrackerState::Running;
  state_.compare_exchange_strong(expected, failed ? TrackerState::Failed : TrackerState::Idle);
}

std::string TrackerWorker::failure() const {
  std::lock_guard lock(failure_mutex_);
  return failure_ ? failure_->message : std::string();
}

bool TrackerWorker::failureIsBadInput() const {
  std::lock_guard lock(failure_mutex_);
  return failure_ && failure_->bad_input;
}

}  // namespace tmsnav
