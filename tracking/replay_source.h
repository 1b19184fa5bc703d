#pragma once
// Replays a PLUS recording at its own pace (scaled by `speed`; 0 = as fast as possible),
// with timestamps rebased to the caller's clock, optionally looping.
#include <functional>
#include <vector>

#include "tracking/plus_sequence.h"
#include "tracking/source_stats.h"
#include "tracking/tracker_worker.h"

namespace tmsnav {

struct ReplayOptions {
  double speed = 1.0;
  bool loop = false;
  ToolMap tools;
};

class ReplaySource : public TrackerSource {
 public:
  ReplaySource(std::vector<SequenceFrame> frames, ReplayOptions options,
               std::function<double()> now_s, SourceStats& stats);
  std::optional<TrackerFrame> next(std::stop_token stop) override;

 private:
  std::vector<SequenceFrame> frames_;
  ReplayOptions options_;
  std::function<double()> now_s_;
  SourceStats& stats_;
  size_t index_ = 0;
  double start_s_ = 0.0;  // clock time of frames_[0] in this pass
};

}  // namespace tmsnav
