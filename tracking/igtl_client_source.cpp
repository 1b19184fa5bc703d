#include "tracking/igtl_client_source.h"

#include <chrono>
#include <thread>

namespace tmsnav {

namespace {
constexpr double kReadSliceS = 0.02;       // how long one read waits before re-checking stop
constexpr double kFutureToleranceS = 1.0;  // a source clock this far ahead of ours is wrong
constexpr std::uint8_t kRequestedResolutionMs = 20;  // STT_TDATA: at most 50 Hz is plenty
}  // namespace

IgtlClientSource::IgtlClientSource(IgtlClientOptions options, std::function<double()> now_s,
                                   std::function<double()> wall_s, SourceStats& stats)
    : options_(std::move(options)),
      now_s_(std::move(now_s)),
      wall_s_(std::move(wall_s)),
      stats_(stats),
      reader_([this](const igtl::Header& h, const igtl::Body& b) { onMessage(h, b); },
              [this](const igtl::Header&, const std::string&) { ++stats_.rejected; }) {}
// (Messages refused inside a well-framed stream are counted by the callback above;
// framing errors that end the connection are counted in next().)

void IgtlClientSource::connect() {
  auto s = Socket::connectTo(options_.host, options_.port, options_.connect_timeout_s);
  if (!s) {
    retry_at_s_ = now_s_() + backoff_s_;
    backoff_s_ = std::min(backoff_s_ * 2.0, options_.max_backoff_s);
    return;
  }
  socket_ = std::move(*s);
  reader_.reset();
  last_stamp_.clear();
  backoff_s_ = 0.1;
  if (ever_connected_) ++stats_.reconnects;
  ever_connected_ = true;
  // Ask TDATA servers to stream; servers that send TRANSFORMs unasked ignore it.
  std::vector<std::uint8_t> start(36, 0);  // resolution (ms, big endian) + coordinate name
  start[3] = kRequestedResolutionMs;
  const auto msg = igtl::encodeMessage("STT_TDATA", "tmsnav", wall_s_(), start);
  (void)socket_.writeAll(msg.data(), msg.size());
}

bool IgtlClientSource::checkTimestamp(const std::string& device, std::uint64_t ts) {
  if (ts == 0) {  // many servers never set it: usable, but counted
    ++stats_.flagged_timestamps;
    return true;
  }
  const auto last = last_stamp_.find(device);
  if (last != last_stamp_.end() && ts < last->second) {
    ++stats_.flagged_timestamps;
    return false;  // backwards: an old sample must not refresh the pose
  }
  last_stamp_[device] = ts;
  if (igtl::secondsFromTimestamp(ts) > wall_s_() + kFutureToleranceS) ++stats_.flagged_timestamps;
  return true;
}

void IgtlClientSource::onMessage(const igtl::Header& h, const igtl::Body& body) {
  if (const auto* s = std::get_if<igtl::StringMessage>(&body)) {
    events_.push_back(s->text);
    fresh_ = true;
    return;
  }
  const auto* poses = std::get_if<igtl::PoseMessage>(&body);
  if (!poses) return;  // STATUS keep-alives and unknown types never refresh a pose
  ++stats_.samples;
  if (!checkTimestamp(h.device, h.timestamp)) return;
  ++stats_.valid;
  const double now = now_s_();
  for (const auto& t : poses->tools) {
    const std::string tool = options_.tools.toolFor(t.name);
    latest_[tool] = ToolPose{tool, t.tool_to_tracker, now, PoseStatus::Ok};
  }
  fresh_ = true;
}

std::optional<TrackerFrame> IgtlClientSource::next(std::stop_token stop) {
  std::uint8_t buf[16384];
  while (!stop.stop_requested()) {
    if (!socket_.valid()) {
      if (now_s_() < retry_at_s_) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        continue;
      }
      connect();
      continue;
    }
    auto n = socket_.read(buf, sizeof buf, kReadSliceS);
    const double read_at = now_s_();
    if (n && *n > 0) {
      auto fed = reader_.feed(buf, *n);
      if (!fed) {  // bad header, unknown version or oversized body: never parse on
        ++stats_.rejected;
        n = Error{fed.error()};
      }
    }
    if (!n) {  // peer gone or misbehaving: drop the connection, poses age out
      socket_.close();
      retry_at_s_ = now_s_() + backoff_s_;
      continue;
    }
    if (fresh_) {
      fresh_ = false;
      TrackerFrame f;
      f.timestamp_s = read_at;  // when the bytes left the socket: latency is measured from here
      for (const auto& [name, pose] : latest_) f.tools.push_back(pose);
      f.events = std::move(events_);
      events_.clear();
      return f;
    }
  }
  return std::nullopt;
}

}  // namespace tmsnav
