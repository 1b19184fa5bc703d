// Headless guidance from a live OpenIGTLink server, a PLUS recording or the simulator:
// the source runs on a worker thread; this loop reads the latest frame, judges it
// against the clock (so silence becomes "not tracking") and appends to the session log.
#include <chrono>
#include <deque>
#include <iostream>
#include <mutex>
#include <thread>

#include "app/cli/cli_support.h"
#include "app/cli/commands.h"
#include "app/cli/thresholds.h"
#include "app/host_port.h"
#include "app/plan_file.h"
#include "tracking/igtl_client_source.h"
#include "tracking/realtime_simulated_source.h"
#include "tracking/replay_source.h"
#include "tracking/session_log.h"
#include "tracking/session_log_reader.h"

namespace tmsnav {

namespace {
double monotonic() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}
double wall() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

Result<ToolMap> toolMap(const std::vector<std::string>& specs) {
  ToolMap map;
  for (const auto& s : specs) {
    const auto eq = s.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == s.size())
      return Error{"--tool must be SOURCE=TOOL"};
    map.names[s.substr(0, eq)] = s.substr(eq + 1);
  }
  return map;
}

struct SourceChoice {
  std::unique_ptr<TrackerSource> source;
  TrackingSetup setup;
  double period_s = 0.02;  // expected update period, for staleness
};

Result<SourceChoice> chooseSource(const TrackArgs& a, const std::optional<Plan>& plan,
                                  SourceStats& stats) {
  auto tools = toolMap(a.tools);
  if (!tools) return Error{tools.error()};
  SourceChoice c;
  const int sources = !a.igtl.empty() + !a.replay.empty() + a.simulate;
  if (sources != 1) return Error{"give exactly one of --igtl, --replay, --simulate"};
  if (a.simulate) {
    if (!plan) return Error{"--simulate needs --plan"};
    SimulationConfig config;
    config.seed = a.seed;
    c.setup = simulatedSetup();
    c.period_s = 1.0 / config.rate_hz;
    c.source = std::make_unique<RealtimeSimulatedSource>(
        SimulatedTracker(config, plan->targets[a.target_index].target_to_mri, c.setup), monotonic);
  } else if (!a.replay.empty()) {
    const bool own_log =
        a.replay.size() > 6 && a.replay.compare(a.replay.size() - 6, 6, ".jsonl") == 0;
    auto frames = own_log ? readSessionLog(a.replay) : readPlusSequence(a.replay);
    if (!frames) return Error{frames.error()};
    if (frames->size() > 1)
      c.period_s = (frames->back().timestamp_s - frames->front().timestamp_s) /
                   static_cast<double>(frames->size() - 1) / (a.speed > 0 ? a.speed : 1e9);
    c.source = std::make_unique<ReplaySource>(
        std::move(*frames), ReplayOptions{a.speed, a.loop, *tools}, monotonic, stats);
  } else {
    auto hp = parseHostPort(a.igtl);
    if (!hp) return Error{hp.error()};
    c.source = std::make_unique<IgtlClientSource>(IgtlClientOptions{hp->first, hp->second, *tools},
                                                  monotonic, wall, stats);
  }
  // Stale after max(3 update periods, 100 ms) unless the user says otherwise.
  c.setup.max_age_s = a.max_age_s > 0 ? a.max_age_s : std::max(3.0 * c.period_s, 0.1);
  c.setup.max_skew_s = std::max(c.period_s, 0.02);
  return c;
}
}  // namespace

int runTrack(const TrackArgs& a) {
  if (!(a.seconds > 0)) return fail(kExitBadInput, "--seconds must be positive");
  if (!(a.speed >= 0)) return fail(kExitBadInput, "--speed must be 0 or more");
  std::optional<Plan> plan;
  if (!a.plan.empty()) {
    auto p = readPlan(a.plan);
    if (!p) return fail(kExitBadInput, p.error());
    if (a.target_index < 0 || a.target_index >= static_cast<int>(p->targets.size()))
      return fail(kExitBadInput, "--target-index is outside the plan's targets");
    plan = std::move(*p);
  }
  SourceStats stats;
  auto choice = chooseSource(a, plan, stats);
  if (!choice) return fail(kExitBadInput, choice.error());
  auto log = SessionLog::open(a.out);
  if (!log) return fail(kExitFailure, log.error());

  const Transform<frame::Target, frame::Mri> target =
      plan ? plan->targets[a.target_index].target_to_mri : Transform<frame::Target, frame::Mri>();
  auto thresholds = parseThresholds(a.thresholds);
  if (!thresholds) return fail(kExitBadInput, thresholds.error());
  GuidanceSession session(target, choice->setup, *thresholds);
  std::mutex queue_mutex;
  std::deque<TrackerFrame> queue;  // every frame, for the log (the mailbox keeps only the newest)
  LatestMailbox<TrackerFrame> mailbox;
  TrackerWorker worker(mailbox, [&](const TrackerFrame& f) {
    std::lock_guard lock(queue_mutex);
    queue.push_back(f);
  });
  if (auto s = worker.start(std::move(choice->source)); !s) return fail(kExitFailure, s.error());

  const double start = monotonic();
  std::uint64_t updates = 0, on_target = 0, stale_periods = 0;
  std::optional<TrackerFrame> last;
  bool stale = false;
  auto record = [&](GuidanceUpdate u, const TrackerFrame& f, double at) -> Result<Done> {
    if (!plan)
      u.errors.reset(), u.coil_to_mri.reset(), u.state = GuidanceState::NotTracking,
                                               u.reason = "no plan";
    u.t_s = at - start;
    ++updates;
    on_target += u.state == GuidanceState::OnTarget;
    return log->append(formatTrackRecord(u, f, at));
  };
  while (monotonic() - start < a.seconds) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    std::deque<TrackerFrame> batch;
    {
      std::lock_guard lock(queue_mutex);
      batch.swap(queue);
    }
    for (const auto& f : batch) {  // each sample judged at the time it arrived
      if (auto w = record(session.step(f, f.timestamp_s), f, f.timestamp_s); !w)
        return fail(kExitFailure, w.error());
      last = f;
      stale = false;
    }
    // Silence: one not-tracking record when a stale period starts.
    const double now = monotonic();
    const double quiet_since = last ? last->timestamp_s : start;
    if (!stale && now - quiet_since > choice->setup.max_age_s) {
      stale = true;
      ++stale_periods;
      const GuidanceUpdate u = last ? session.step(*last, now) : session.noData(now);
      if (auto w = record(u, last ? *last : TrackerFrame{}, now); !w)
        return fail(kExitFailure, w.error());
    }
    if (worker.state() != TrackerState::Running && batch.empty()) {
      std::lock_guard lock(queue_mutex);
      if (queue.empty()) break;  // a replay that ended, everything logged
    }
  }
  (void)worker.stop();
  (void)log->sync();
  const SourceCounts c = stats.snapshot();
  nlohmann::json j = {{"samples", c.samples},
                      {"valid", c.valid},
                      {"invalid", c.invalid},
                      {"rejected", c.rejected},
                      {"stale_periods", stale_periods},
                      {"reconnects", c.reconnects},
                      {"flagged_timestamps", c.flagged_timestamps},
                      {"updates", updates},
                      {"on_target_updates", on_target},
                      {"seconds", monotonic() - start},
                      {"out", a.out}};
  if (a.simulate) j["samples"] = j["valid"] = worker.framesPublished();
  if (a.json)
    printJson(j);
  else
    std::cout << c.samples << " samples (" << c.valid << " valid, " << c.invalid << " invalid, "
              << c.rejected << " rejected), " << stale_periods << " stale periods, " << c.reconnects
              << " reconnects -> " << a.out << "\n";
  return kExitOk;
}

}  // namespace tmsnav
