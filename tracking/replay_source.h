#pragma once
// Replays a PLUS recording at its own pace (scaled by `speed`; 0 = as fast as possible),
// with timestamps rebased to the caller's clock, optionally looping.
#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tracking/plus_sequence.h"
#include "tracking/source_stats.h"
#include "tracking/tracker_worker.h"

namespace tmsnav {

// One recorded frame as the tracker would deliver it at `stamp`: tools named through the
// map, invalid or non-rigid poses marked Invalid and counted in stats (if given).
TrackerFrame trackerFrameOf(const SequenceFrame& f, double stamp, const ToolMap& tools,
                            SourceStats* stats);

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

// A recording read from a file: a PLUS sequence metafile (.igs.mha) or tmsnav's own
// session log (.jsonl). The file is read on the first next(), i.e. on the tracker's
// thread, so a large recording never blocks the UI; an unreadable one is a failure.
Result<std::vector<SequenceFrame>> readRecording(const std::string& path);
// tmsnav's own session journal (.jsonl): its poses are the coil in the MRI's space, with an
// identity head reference, so a replay of it is in image space.
bool isSessionJournal(const std::string& path);

// A --tool mapping that names a tool the recording never sends, said with the tools it has
// (bad input); none when every mapping names a tool the recording has.
std::optional<std::string> unsentTool(const std::vector<SequenceFrame>& frames,
                                      const ToolMap& tools);

class ReplayFileSource : public TrackerSource {
 public:
  ReplayFileSource(std::string path, ReplayOptions options, std::function<double()> now_s,
                   SourceStats& stats);
  std::optional<TrackerFrame> next(std::stop_token stop) override;
  double nominalPeriodS() const override { return period_s_.load(); }
  std::optional<SourceFailure> failure() const override { return failure_; }

 private:
  std::string path_;
  ReplayOptions options_;
  std::function<double()> now_s_;
  SourceStats& stats_;
  std::unique_ptr<ReplaySource> replay_;
  std::atomic<double> period_s_{0.0};
  std::optional<SourceFailure> failure_;
};

}  // namespace tmsnav
