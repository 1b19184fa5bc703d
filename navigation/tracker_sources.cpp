#include "navigation/tracker_sources.h"

#include <algorithm>
#include <fstream>

#include "core/overloaded.h"
#include "tracking/igtl_client_source.h"
#include "tracking/realtime_simulated_source.h"
#include "tracking/replay_source.h"

namespace tmsnav {

std::string describe(const SourceSpec& spec) {
  return std::visit(Overloaded{
                        [](const SimulatedSourceSpec&) { return std::string("simulated coil"); },
                        [](const IgtlSourceSpec& s) {
                          return "OpenIGTLink " + s.host + ":" + std::to_string(s.port);
                        },
                        [](const ReplaySourceSpec& s) { return "recording " + s.path; },
                        [](const CustomSourceSpec& s) { return s.name; },
                    },
                    spec);
}

Result<Done> checkSource(const SourceSpec& spec,
                         const std::optional<Transform<frame::Target, frame::Mri>>& target) {
  if (std::holds_alternative<SimulatedSourceSpec>(spec) && !target)
    return Error{"the simulated coil needs a target"};
  if (const auto* igtl = std::get_if<IgtlSourceSpec>(&spec))
    if (igtl->host.empty() || igtl->port < 1 || igtl->port > 65535)
      return Error{"give the server as HOST:PORT"};
  if (const auto* replay = std::get_if<ReplaySourceSpec>(&spec)) {
    if (!(replay->speed >= 0)) return Error{"the replay speed must be 0 or more"};
    // Only that it opens: the file is read on the tracker's thread.
    if (!std::ifstream(replay->path)) return Error{"cannot open recording " + replay->path};
  }
  if (const auto* custom = std::get_if<CustomSourceSpec>(&spec); custom && !custom->make)
    return Error{"no tracker source"};
  return Done{};
}

Result<PreparedSource> prepareSource(
    const SourceSpec& spec, const std::optional<Transform<frame::Target, frame::Mri>>& target,
    const Clocks& clocks, SourceStats& stats) {
  if (auto ok = checkSource(spec, target); !ok) return Error{ok.error()};
  PreparedSource p;
  if (const auto* sim = std::get_if<SimulatedSourceSpec>(&spec)) {
    // The simulator knows where it put the head reference and the coil marker: its poses
    // are registered by construction.
    p.setup = simulatedSetup();
    p.registered = true;
    p.counts_itself = false;
    p.source = std::make_unique<RealtimeSimulatedSource>(
        SimulatedTracker(sim->config, *target, p.setup), clocks.now_s, sim->speed);
  } else if (const auto* igtl = std::get_if<IgtlSourceSpec>(&spec)) {
    p.source = std::make_unique<IgtlClientSource>(
        IgtlClientOptions{igtl->host, igtl->port, igtl->tools}, clocks.now_s, clocks.wall_s, stats);
    p.judged_only_if_registered = true;
  } else if (const auto* custom = std::get_if<CustomSourceSpec>(&spec)) {
    p.source = custom->make();
    if (!p.source) return Error{"no tracker source"};
  } else {
    const auto& replay = std::get<ReplaySourceSpec>(spec);
    p.source = std::make_unique<ReplayFileSource>(
        replay.path, ReplayOptions{replay.speed, replay.loop, replay.tools}, clocks.now_s, stats);
    // A recording declared to be in image space (its tracker frame is the MRI's world,
    // e.g. a recorded simulation) is registered as it stands.
    p.registered = replay.in_image_space || isSessionJournal(replay.path);
    p.judged_only_if_registered = true;
  }
  return p;
}

double staleAfterS(double update_period_s) {
  return std::max(3.0 * update_period_s, 0.1);
}

double maxSkewS(double update_period_s) {
  return std::max(update_period_s, 0.02);
}

}  // namespace tmsnav
