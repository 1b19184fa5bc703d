#include "tracking/igtl_sequence_server.h"

#include <chrono>
#include <thread>

#include "tracking/igtl_codec.h"

namespace tmsnav {

Result<ServeSummary> serveSequence(const std::vector<SequenceFrame>& frames, Socket& listener,
                                   const ServeOptions& options, std::function<double()> now_s,
                                   std::function<double()> wall_s, std::stop_token stop) {
  if (frames.empty()) return Error{"nothing to serve"};
  auto client = listener.accept(options.accept_timeout_s);
  if (!client) return Error{client.error() == "timeout" ? "no client connected" : client.error()};
  ServeSummary summary;
  do {
    const double start = now_s(), start_wall = wall_s();
    for (const auto& f : frames) {
      if (stop.stop_requested()) return summary;
      const double offset = f.timestamp_s - frames.front().timestamp_s;
      // The sample's time on our wall clock: when it is due (or now, at full speed).
      const double stamp = options.speed > 0 ? start_wall + offset / options.speed : wall_s();
      if (options.speed > 0) {
        const double wait = start + offset / options.speed - now_s();
        if (wait > 0) std::this_thread::sleep_for(std::chrono::duration<double>(wait));
      }
      std::vector<std::uint8_t> batch;
      for (const auto& t : f.tools) {
        if (!t.status_ok || !t.well_formed) continue;  // OpenIGTLink v1 has no "invalid" flag
        const auto msg =
            igtl::encodeTransform(t.transform.empty() ? t.name : t.transform, t.to_tracker,
                                  stamp);  // as PLUS names it, e.g. StylusToTracker
        batch.insert(batch.end(), msg.begin(), msg.end());
        ++summary.transforms;
      }
      if (auto w = client->writeAll(batch.data(), batch.size()); !w) {
        summary.client_left = true;  // what was sent before is the summary
        return summary;
      }
      ++summary.frames;
    }
  } while (options.loop && !stop.stop_requested());
  client->finish(2.0);
  return summary;
}

}  // namespace tmsnav
