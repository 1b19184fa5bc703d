#pragma once
// Serves a recording as an OpenIGTLink server on 127.0.0.1 (a test peer for the client
// and a demo for users without a tracker): waits for one client, then sends every valid
// tool of every frame as a TRANSFORM named as in the file (StylusToTracker) at its pace.
#include <functional>
#include <stop_token>
#include <vector>

#include "tracking/plus_sequence.h"
#include "tracking/socket.h"

namespace tmsnav {

struct ServeOptions {
  double speed = 1.0;  // 0 = as fast as possible
  bool loop = false;
  double accept_timeout_s = 60.0;
};

struct ServeSummary {
  std::uint64_t frames = 0, transforms = 0;
  // The client closed the connection before the recording ended: a normal end for a demo
  // peer (the viewer was closed), not a failure.
  bool client_left = false;
};

Result<ServeSummary> serveSequence(const std::vector<SequenceFrame>& frames, Socket& listener,
                                   const ServeOptions& options, std::function<double()> now_s,
                                   std::function<double()> wall_s, std::stop_token stop = {});

}  // namespace tmsnav
