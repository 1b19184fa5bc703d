#pragma once
// Runs a tracker source on its own thread and posts each frame to a latest-value mailbox.
// The lifecycle is an explicit state machine; an invalid request is refused, not ignored.
#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <thread>

#include "tracking/latest_mailbox.h"
#include "tracking/result.h"
#include "tracking/tracker_frame.h"

namespace tmsnav {

// A source blocks in next() until its next frame (or until stop is requested).
class TrackerSource {
 public:
  virtual ~TrackerSource() = default;
  virtual std::optional<TrackerFrame> next(std::stop_token stop) = 0;
};

enum class TrackerState { Idle, Running, Stopping, Failed };
const char* toString(TrackerState s);

class TrackerWorker {
 public:
  // on_frame (optional) sees every frame on the worker thread, e.g. to log all of them
  // while the mailbox only keeps the newest for the UI.
  explicit TrackerWorker(LatestMailbox<TrackerFrame>& mailbox,
                         std::function<void(const TrackerFrame&)> on_frame = {})
      : mailbox_(mailbox), on_frame_(std::move(on_frame)) {}
  ~TrackerWorker();
  TrackerWorker(const TrackerWorker&) = delete;
  TrackerWorker& operator=(const TrackerWorker&) = delete;

  Result<Done> start(std::unique_ptr<TrackerSource> source);  // Idle/Failed -> Running
  Result<Done> stop();                                        // Running -> Stopping -> Idle
  TrackerState state() const { return state_.load(); }
  std::uint64_t framesPublished() const { return frames_.load(); }

 private:
  void run(std::stop_token stop);

  LatestMailbox<TrackerFrame>& mailbox_;
  std::function<void(const TrackerFrame&)> on_frame_;
  std::unique_ptr<TrackerSource> source_;
  std::atomic<TrackerState> state_{TrackerState::Idle};
  std::atomic<std::uint64_t> frames_{0};
  std::jthread thread_;
  std::mutex control_;
};

}  // namespace tmsnav
