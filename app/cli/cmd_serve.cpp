#include <chrono>
#include <iostream>

#include "app/cli/cli_support.h"
#include "app/cli/commands.h"
#include "tracking/igtl_sequence_server.h"

namespace tmsnav {

int runServeIgtl(const ServeArgs& a) {
  if (a.port < 0 || a.port > 65535) return fail(kExitBadInput, "--port must be 0-65535");
  if (!(a.speed >= 0)) return fail(kExitBadInput, "--speed must be 0 or more");
  auto frames = readPlusSequence(a.file);
  if (!frames) return fail(kExitBadInput, frames.error());
  auto listener = Socket::listenLoopback(a.port);
  if (!listener) return fail(kExitFailure, listener.error());
  std::cerr << "listening on 127.0.0.1:" << listener->localPort() << std::endl;
  auto monotonic = [] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
  };
  auto wall = [] {
    return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch())
        .count();
  };
  auto served =
      serveSequence(*frames, *listener, {a.speed, a.loop, a.accept_timeout_s}, monotonic, wall);
  if (!served) return fail(kExitFailure, served.error());
  if (a.json)
    printJson({{"frames", served->frames},
               {"transforms", served->transforms},
               {"client_left", served->client_left}});
  else
    std::cout << served->frames << " frames, " << served->transforms << " transforms sent"
              << (served->client_left ? " (the client left before the end)" : "") << "\n";
  return kExitOk;
}

}  // namespace tmsnav
