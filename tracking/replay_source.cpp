#include "tracking/replay_source.h"

#include <algorithm>
#include <chrono>
#include <set>
#include <thread>

#include "tracking/rigid.h"
#include "tracking/session_log_reader.h"

namespace tmsnav {

TrackerFrame trackerFrameOf(const SequenceFrame& f, double stamp, const ToolMap& tools,
                            SourceStats* stats) {
  TrackerFrame out;
  out.timestamp_s = stamp;
  bool any_invalid = false, any_rejected = false;
  for (const auto& t : f.tools) {
    ToolPose pose;
    pose.tool = tools.toolFor(t.name);
    pose.timestamp_s = stamp;
    auto rigid =
        t.well_formed ? toRigid(t.to_tracker) : Result<Eigen::Isometry3d>(Error{"malformed"});
    if (!t.status_ok) {
      pose.status = PoseStatus::Invalid;
      any_invalid = true;
    } else if (!rigid) {  // NaN or non-rigid in the file: refused, never used
      pose.status = PoseStatus::Invalid;
      any_rejected = true;
    } else {
      pose.status = PoseStatus::Ok;
      pose.tool_to_tracker = *rigid;
    }
    out.tools.push_back(pose);
  }
  if (stats) {
    ++stats->samples;
    ++(any_rejected ? stats->rejected : any_invalid ? stats->invalid : stats->valid);
  }
  return out;
}

ReplaySource::ReplaySource(std::vector<SequenceFrame> frames, ReplayOptions options,
                           std::function<double()> now_s, SourceStats& stats)
    : frames_(std::move(frames)),
      options_(std::move(options)),
      now_s_(std::move(now_s)),
      stats_(stats),
      start_s_(now_s_()) {}

std::optional<TrackerFrame> ReplaySource::next(std::stop_token stop) {
  if (index_ >= frames_.size()) {
    if (!options_.loop || frames_.empty()) return std::nullopt;
    index_ = 0;
    start_s_ = now_s_();
  }
  const SequenceFrame& f = frames_[index_];
  if (options_.speed > 0) {
    const double due = start_s_ + (f.timestamp_s - frames_.front().timestamp_s) / options_.speed;
    while (!stop.stop_requested()) {
      const double wait = due - now_s_();
      if (wait <= 0) break;
      std::this_thread::sleep_for(std::chrono::duration<double>(std::min(wait, 0.01)));
    }
    if (stop.stop_requested()) return std::nullopt;
  }
  ++index_;
  return trackerFrameOf(f, now_s_(), options_.tools, &stats_);
}

bool isSessionJournal(const std::string& path) {
  return path.size() > 6 && path.compare(path.size() - 6, 6, ".jsonl") == 0;
}

Result<std::vector<SequenceFrame>> readRecording(const std::string& path) {
  return isSessionJournal(path) ? readSessionLog(path) : readPlusSequence(path);
}

std::optional<std::string> unsentTool(const std::vector<SequenceFrame>& frames,
                                      const ToolMap& tools) {
  std::set<std::string> sent;
  for (const auto& f : frames)
    for (const auto& t : f.tools) sent.insert(t.name);
  for (const auto& [from, to] : tools.user) {
    if (ToolMap::sends(sent, from)) continue;
    std::string has;
    for (const auto& s : sent) has += (has.empty() ? "" : ", ") + s;
    return "--tool " + from + "=" + to + ": the recording has no tool " + from + " (it has " +
           (has.empty() ? "none" : has) + ")";
  }
  return std::nullopt;
}

ReplayFileSource::ReplayFileSource(std::string path, ReplayOptions options,
                                   std::function<double()> now_s, SourceStats& stats)
    : path_(std::move(path)),
      options_(std::move(options)),
      now_s_(std::move(now_s)),
      stats_(stats) {}

std::optional<TrackerFrame> ReplayFileSource::next(std::stop_token stop) {
  if (!replay_) {
    if (failure_) return std::nullopt;
    auto frames = readRecording(path_);
    if (!frames) {
      failure_ = SourceFailure{frames.error(), true};
      return std::nullopt;
    }
    if (auto missing = unsentTool(*frames, options_.tools)) {
      failure_ = SourceFailure{*missing + " in " + path_, true};
      return std::nullopt;
    }
    if (frames->size() > 1) {
      const double span = frames->back().timestamp_s - frames->front().timestamp_s;
      // As fast as possible: frames come back to back, so any gap is a stall.
      const double speed = options_.speed > 0 ? options_.speed : 1e9;
      period_s_ = span / static_cast<double>(frames->size() - 1) / speed;
    }
    replay_ = std::make_unique<ReplaySource>(std::move(*frames), options_, now_s_, stats_);
  }
  return replay_->next(stop);
}

}  // namespace tmsnav
