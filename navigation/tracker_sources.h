#pragma once
// The tracker sources navigation can run, described as values (so the CLI and the app
// ask for them the same way) and turned into a running source in one place, with the
// registration and calibration their poses are read with.
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <variant>

#include "core/frames.h"
#include "core/result.h"
#include "tracking/pose_chain.h"
#include "tracking/simulated_tracker.h"
#include "tracking/source_stats.h"
#include "tracking/tracker_worker.h"

namespace tmsnav {

// The simulator: a virtual technician bringing the coil onto the session's target.
struct SimulatedSourceSpec {
  SimulationConfig config;
  // How fast the session's clock runs against real time (the owner's Clocks do the
  // scaling: `track --speed`); the source only sleeps in proportion.
  double speed = 1.0;
};
// A live OpenIGTLink server such as PLUS Server.
struct IgtlSourceSpec {
  std::string host = "127.0.0.1";
  int port = 18944;
  ToolMap tools;
};
// A recording: PLUS sequence metafile (.igs.mha) or tmsnav's own session log (.jsonl),
// read on the tracker thread, never on the caller's.
struct ReplaySourceSpec {
  std::string path;
  double speed = 1.0;  // 0 = as fast as possible
  bool loop = false;
  ToolMap tools;
  bool in_image_space = false;  // the user declares the tracker frame to be the MRI's world
};
// A source the caller makes itself (the tests' scripted sources; a device driver that has
// no spec of its own yet). Its poses are not registered.
struct CustomSourceSpec {
  std::string name;
  std::function<std::unique_ptr<TrackerSource>()> make;
};
using SourceSpec =
    std::variant<SimulatedSourceSpec, IgtlSourceSpec, ReplaySourceSpec, CustomSourceSpec>;

// "simulated coil", "OpenIGTLink 127.0.0.1:18944", "recording path".
std::string describe(const SourceSpec& spec);

struct Clocks {
  std::function<double()> now_s;   // monotonic: stamps and judges every pose
  std::function<double()> wall_s;  // wall clock: only to check source timestamps
};

struct PreparedSource {
  std::unique_ptr<TrackerSource> source;
  TrackingSetup setup;  // registration and coil calibration (max ages are set later)
  // False while head_ref_to_mri is the identity because no patient registration exists.
  bool registered = false;
  // Live and recorded sources: without a registration their poses are never judged on or
  // off target (the simulator is registered by construction).
  bool judged_only_if_registered = false;
  bool counts_itself = true;  // false: the simulator, whose frames are its samples
};

// Whether the spec can make a source (a target for the simulator, a server address, a
// recording that exists), without side effects. Errors are the user's input.
Result<Done> checkSource(const SourceSpec& spec,
                         const std::optional<Transform<frame::Target, frame::Mri>>& target);

// target_to_mri: the simulator approaches it; other sources do not need it.
Result<PreparedSource> prepareSource(
    const SourceSpec& spec, const std::optional<Transform<frame::Target, frame::Mri>>& target,
    const Clocks& clocks, SourceStats& stats);

// The one staleness rule (README, "Guidance"): a pose is stale after max(3 update
// periods, 100 ms); coil and reference samples more than max(1 period, 20 ms) apart are
// not one instant. A source that does not know its period is taken as 50 Hz (PLUS's
// default).
constexpr double kDefaultUpdatePeriodS = 0.02;
double staleAfterS(double update_period_s);
double maxSkewS(double update_period_s);

}  // namespace tmsnav
