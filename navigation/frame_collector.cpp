#include "navigation/frame_collector.h"

#include <chrono>
#include <mutex>
#include <thread>

#include "tracking/replay_source.h"
#include "tracking/tool_pose.h"

namespace tmsnav {

namespace {
// A recording keeps its own clock: holds and pivots are timed as they were recorded.
Result<Collected> recordedFrames(const ReplaySourceSpec& spec) {
  auto frames = readRecording(spec.path);
  if (!frames) return Error{frames.error()};
  Collected out;
  for (const auto& f : *frames)
    out.frames.push_back(trackerFrameOf(f, f.timestamp_s, spec.tools, nullptr));
  if (frames->size() > 1)
    out.update_period_s = (frames->back().timestamp_s - frames->front().timestamp_s) /
                          static_cast<double>(frames->size() - 1);
  return out;
}
}  // namespace

Result<Collected> collectFrames(const SourceSpec& spec, double seconds, const Clocks& clocks) {
  if (const auto* replay = std::get_if<ReplaySourceSpec>(&spec)) return recordedFrames(*replay);
  SourceStats stats;
  auto prepared = prepareSource(spec, std::nullopt, clocks, stats);
  if (!prepared) return Error{prepared.error()};
  TrackerSource* source = prepared->source.get();
  std::mutex m;
  Collected out;
  LatestMailbox<TrackerFrame> mailbox;
  TrackerWorker worker(mailbox, [&](const TrackerFrame& f) {
    std::lock_guard lock(m);
    out.frames.push_back(f);
  });
  if (auto started = worker.start(std::move(prepared->source)); !started)
    return Error{started.error()};
  const double start = clocks.now_s();
  while (worker.state() == TrackerState::Running && clocks.now_s() - start < seconds)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  if (source->nominalPeriodS() > 0) out.update_period_s = source->nominalPeriodS();
  const std::string failure = worker.failure();
  (void)worker.stop();
  if (!failure.empty()) return Error{failure};
  std::lock_guard lock(m);
  return std::move(out);
}

namespace {
std::string whyUnusable(const ToolPose* pose, const std::string& name, double now_s,
                        double max_age_s) {
  if (!pose || pose->status == PoseStatus::Missing) return name + " is not visible";
  if (pose->status != PoseStatus::Ok) return name + " is " + toString(pose->status);
  if (!isUsable(*pose, now_s, max_age_s)) return name + " is stale or not rigid";
  return "";
}
}  // namespace

PointerReading readPointer(const TrackerFrame& f, const std::string& reference_tool,
                           double max_age_s) {
  const ToolPose* pointer = f.find(kPointerTool);
  const ToolPose* ref = f.find(reference_tool);
  PointerReading r;
  r.unusable = whyUnusable(pointer, "the pointer", f.timestamp_s, max_age_s);
  if (r.unusable.empty()) r.unusable = whyUnusable(ref, reference_tool, f.timestamp_s, max_age_s);
  if (r.unusable.empty())
    r.pointer_to_reference = ref->tool_to_tracker.inverse() * pointer->tool_to_tracker;
  return r;
}

PointerPath pointerPath(const Collected& c, const std::string& reference_tool) {
  PointerPath path;
  const double max_age = staleAfterS(c.update_period_s);
  for (const auto& f : c.frames)
    if (f.find(reference_tool)) path.relative_to_reference = true;
  for (const auto& f : c.frames) {
    PointerSample s{f.timestamp_s, std::nullopt};
    if (path.relative_to_reference) {
      s.pointer_to_reference = readPointer(f, reference_tool, max_age).pointer_to_reference;
    } else if (const ToolPose* pointer = f.find(kPointerTool);
               pointer && isUsable(*pointer, f.timestamp_s, max_age)) {
      s.pointer_to_reference = pointer->tool_to_tracker;
    }
    path.samples.push_back(s);
  }
  return path;
}

}  // namespace tmsnav
