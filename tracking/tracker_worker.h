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

#include "core/result.h"
#include "tracking/latest_mailbox.h"
#include "tracking/tracker_frame.h"

namespace tmsnav {

// Why a source stopped producing frames when that was a failure, not an ending.
struct SourceFailure {
  std::string message;
  bool bad_input = false;  // the user's file or setting (exit 2 in the CLI), not the machine
};

// A source blocks in next() until its next frame (or until stop is requested).
class TrackerSource {
 public:
  virtual ~TrackerSource() = default;
  // nullopt: the source has ended (or failed: see failure()).
  virtual std::optional<TrackerFrame> next(std::stop_token stop) = 0;
  // Seconds between frames when known (0: unknown). Safe to call from any thread.
  virtual double nominalPeriodS() const { return 0.0; }
  // Read by the worker on its own thread after next() returned nullopt.
  virtual std::optional<SourceFailure> failure() const { return std::nullopt; }
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
  // Why the worker is Failed (empty otherwise).
  std::string failure() const;
  bool failureIsBadInput() const;

 private:
  void run(std::stop_token stop);

  LatestMailbox<TrackerFrame>& mailbox_;
  std::function<void(const TrackerFrame&)> on_frame_;
  std::unique_ptr<TrackerSource> source_;
  std::atomic<TrackerState> state_{TrackerState::Idle};
  std::atomic<std::uint64_t> frames_{0};
  std::jthread thread_;
  std::mutex control_;
  mutable std::mutex failure_mutex_;
  std::optional<SourceFailure> failure_;
};

}  // namespace tmsnav
