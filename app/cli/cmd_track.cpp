// Headless guidance from a live OpenIGTLink server, a PLUS recording or the simulator:
// the same NavigationSession as the app, ticked every few milliseconds; the session
// journals every frame and the silence of a stale tracker.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <thread>

#include "app/cli/cli_support.h"
#include "app/cli/commands.h"
#include "app/cli/efield_cli.h"
#include "app/cli/thresholds.h"
#include "app/host_port.h"
#include "app/version.h"
#include "core/clock.h"
#include "io/plan_file.h"
#include "io/registration_file.h"
#include "io/session_journal.h"
#include "navigation/navigation_session.h"
#include "navigation/pulse_train.h"
#include "planning/target_field.h"
#include "tracking/replay_source.h"

namespace tmsnav {

namespace {
const auto monotonic = monotonicSeconds;
const auto wall = wallSeconds;

Result<ToolMap> toolMap(const std::vector<std::string>& specs) {
  ToolMap map;
  for (const auto& s : specs) {
    const auto eq = s.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == s.size())
      return Error{"--tool must be SOURCE=TOOL"};
    map.user[s.substr(0, eq)] = s.substr(eq + 1);
  }
  return map;
}

// Simulated courses: the given offset plus the session's Gaussian placement error.
constexpr double kMaxPlacementMm = 50.0;  // beyond this the "technician" missed the head
Result<Eigen::Vector3d> placementOffset(const TrackArgs& a) {
  if (!(a.placement_sd_mm >= 0 && a.placement_sd_mm <= kMaxPlacementMm))
    return Error{"--placement-sd-mm must be in [0, 50]"};
  Eigen::Vector3d offset = sessionPlacementOffset(a.seed, a.placement_sd_mm);
  if (!a.placement_offset_mm.empty()) {
    double x = 0, y = 0;
    char tail = 0;
    if (std::sscanf(a.placement_offset_mm.c_str(), "%lf,%lf%c", &x, &y, &tail) != 2 ||
        !std::isfinite(x) || !std::isfinite(y) || std::hypot(x, y) > kMaxPlacementMm)
      return Error{"--placement-offset-mm must be X,Y in mm (within 50 mm)"};
    offset += Eigen::Vector3d(x, y, 0.0);
  }
  return offset;
}

// The command line as a source description; the session makes the source.
Result<SourceSpec> sourceSpec(const TrackArgs& a) {
  auto tools = toolMap(a.tools);
  if (!tools) return Error{tools.error()};
  const int sources = !a.igtl.empty() + !a.replay.empty() + a.simulate;
  if (sources != 1) return Error{"give exactly one of --igtl, --replay, --simulate"};
  if (a.simulate) {
    if (a.plan.empty()) return Error{"--simulate needs --plan"};
    SimulatedSourceSpec sim;
    sim.config.seed = a.seed;
    sim.speed = a.speed > 0 ? a.speed : 1.0;
    auto offset = placementOffset(a);
    if (!offset) return Error{offset.error()};
    sim.config.hold_offset_target_mm = *offset;
    return SourceSpec{sim};
  }
  if (a.replay_in_image_space && a.replay.empty())
    return Error{"--in-image-space is said of a --replay recording"};
  if (!a.replay.empty())
    return SourceSpec{ReplaySourceSpec{a.replay, a.speed, a.loop, *tools, a.replay_in_image_space}};
  auto hp = parseHostPort(a.igtl);
  if (!hp) return Error{hp.error()};
  return SourceSpec{IgtlSourceSpec{hp->first, hp->second, *tools}};
}

// The coil/stimulator pair and intensity (journaled), and with --efield the model that
// gives each pulse the E at the plan's target.
Result<Done> stimulation(const TrackArgs& a, NavigationRequest& r) {
  if (a.intensity_pct_mso == 0.0 && !a.efield) return Done{};
  const double pct = a.intensity_pct_mso != 0.0 ? a.intensity_pct_mso : 100.0;
  auto coil = loadEfieldCoil(a.coil, pct, 0.0);
  if (!coil) return Error{coil.error()};
  r.header.stimulation = Stimulation{coil->coil.definition.id, coil->coil.stimulator.name,
                                     coil->coil.stimulator.didt_at_100_a_per_us, pct};
  if (!a.efield) return Done{};
  if (a.plan.empty()) return Error{"--efield needs --plan (the target and the MRI)"};
  auto plan = readPlan(a.plan);
  if (!plan) return Error{plan.error()};
  auto head = loadEfieldHead(*plan);
  if (!head) return Error{head.error()};
  const auto& target = plan->targets[static_cast<size_t>(a.target_index)];
  r.target_field =
      TargetField((*head)->model.inner_skull_lps, std::move(coil->reference), target.target_lps);
  return Done{};
}

Result<NavigationRequest> request(const TrackArgs& a) {
  if (!(a.seconds > 0)) return Error{"--seconds must be positive"};
  if (!(a.speed >= 0)) return Error{"--speed must be 0 or more"};
  if (a.max_age_s < 0) return Error{"--max-age-s must be positive"};
  auto source = sourceSpec(a);
  if (!source) return Error{source.error()};
  auto thresholds = parseThresholds(a.thresholds);
  if (!thresholds) return Error{thresholds.error()};
  NavigationRequest r;
  r.source = *source;
  r.thresholds = *thresholds;
  r.max_age_s = a.max_age_s;
  r.journal_path = a.out;
  if (!(a.sample_rate_hz >= 0 && a.sample_rate_hz <= 1000))
    return Error{"--sample-rate-hz must be in [0, 1000] (0: every frame)"};
  if (!(a.motor_threshold_pct_mso >= 0 && a.motor_threshold_pct_mso <= 100))
    return Error{"--motor-threshold must be in [0, 100] %MSO"};
  r.sample_period_s = a.sample_rate_hz > 0 ? 1.0 / a.sample_rate_hz : 0.0;
  SessionHeader& h = r.header;
  h.software = std::string("tmsnav ") + versionString() + " (" + sourceRevision() + ")";
  h.session_label = a.session_label;
  if (a.motor_threshold_pct_mso > 0) h.motor_threshold_pct_mso = a.motor_threshold_pct_mso;
  if (a.simulate) h.seed = a.seed, h.coil = "simulated", h.registration_method = "simulated truth";
  if (a.replay_in_image_space) h.registration_method = "recording declared in image space";
  std::optional<std::string> plan_sha;
  if (!a.plan.empty()) {
    auto plan = readPlan(a.plan);
    if (!plan) return Error{plan.error()};
    if (a.target_index < 0 || a.target_index >= static_cast<int>(plan->targets.size()))
      return Error{"--target-index is outside the plan's targets"};
    const auto& target = plan->targets[static_cast<size_t>(a.target_index)];
    r.target_to_mri = target.target_to_mri;
    plan_sha = plan->mri_sha256;
    h.patient_id = plan->patient_id;
    h.mri_path = plan->mri_path;
    h.mri_sha256 = plan->mri_sha256;
    h.plan_path = absolutePath(a.plan);
    h.target_name = target.name;
  }
  if (auto field = stimulation(a, r); !field) return Error{field.error()};
  if (!a.patient_id.empty()) h.patient_id = a.patient_id;
  if (auto ok = checkSource(r.source, r.target_to_mri); !ok) return Error{ok.error()};
  // A session journal replayed against a plan of another MRI would guide another patient.
  if (const auto journal = a.replay.empty() ? std::nullopt : readJournalHeader(a.replay);
      journal && plan_sha && !journal->mri_sha256.empty() && !plan_sha->empty() &&
      journal->mri_sha256 != *plan_sha)
    return Error{a.replay + " was recorded on another MRI than the plan's (SHA-256 differs)"};
  if (!a.coil_calibration.empty()) {
    auto coil = readCoilCalibration(a.coil_calibration);
    if (!coil) return Error{coil.error()};
    r.coil_to_coil_marker = coil->calibration.coil_to_coil_marker;
    h.coil =
        absolutePath(a.coil_calibration) + (coil->model.empty() ? "" : " (" + coil->model + ")");
  }
  if (!a.registration.empty()) {
    auto reg = readRegistration(a.registration);
    if (!reg) return Error{reg.error()};
    if (plan_sha && !reg->mri_sha256.empty() && reg->mri_sha256 != *plan_sha)
      return Error{a.registration + " was made for another MRI than the plan's (SHA-256 differs)"};
    r.head_ref_to_mri = reg->registration.head_ref_to_mri;
    r.checkpoint = reg->checkpoint;
    h.registration_path = absolutePath(a.registration);
    h.registration_method = reg->registration.icp ? "landmarks+surface" : "landmarks";
    h.registration_fre_mm = reg->registration.fre_mm;
    if (auto tre = reg->registration.predicted_tre_mm.find(h.target_name);
        tre != reg->registration.predicted_tre_mm.end())
      r.predicted_tre_mm = tre->second;
  }
  return r;
}

// Why the session did or did not judge poses on or off target.
std::string judgmentText(const TrackArgs& a, const NavigationSnapshot& s);

// At --speed 0 a replay's frames are stamped as they arrive, so a whole recording passes in
// moments: the 0.5 s on-target dwell is never reached, whatever the recording shows.
std::string judgmentNote(const TrackArgs& a, const NavigationSnapshot& s) {
  std::string text = judgmentText(a, s);
  if (!a.replay.empty() && a.speed == 0 && s.judged)
    text +=
        " (at --speed 0 frames are timed on arrival and the 0.5 s on-target dwell is "
        "not reached: replay at --speed 1 or more for on-target figures)";
  return text;
}

// The registration's checkpoint state with --registration; "image space" where none is
// needed (the simulator, a session journal, --in-image-space); else none.
std::string registrationText(const NavigationSnapshot& s) {
  if (s.registration) return toString(*s.registration);
  return s.registered ? "image space" : "none";
}

std::string judgmentText(const TrackArgs& a, const NavigationSnapshot& s) {
  if (a.plan.empty()) return "no plan: nothing to judge against";
  if (a.simulate) return "simulated coil: in image space by construction";
  if (!a.registration.empty()) return "through the registration " + a.registration;
  if (a.replay_in_image_space) return "recording declared to be in image space (--in-image-space)";
  if (!a.replay.empty() && isSessionJournal(a.replay))
    return "a tmsnav session journal: its poses are in image space";
  return s.judged ? "judged" : "not registered: poses never judged on or off target";
}

void printSummary(const TrackArgs& a, const NavigationSnapshot& s, double seconds) {
  const SourceCounts& c = s.counts;
  if (a.json) {
    printJson({{"samples", c.samples},
               {"valid", c.valid},
               {"invalid", c.invalid},
               {"rejected", c.rejected},
               {"stale_periods", s.stale_periods},
               {"reconnects", c.reconnects},
               {"flagged_timestamps", c.flagged_timestamps},
               {"updates", s.records},
               {"on_target_updates", s.on_target_records},
               {"dropped_frames", s.dropped_frames},
               {"max_age_s", s.max_age_s},
               {"registered", s.registered},
               {"judged_on_target", s.judged},
               {"judgment", judgmentNote(a, s)},
               {"registration", registrationText(s)},
               {"pulses", s.pulses},
               {"pulses_on_target", s.pulses_on_target},
               {"seconds", seconds},
               {"out", a.out}});
    return;
  }
  std::cout << c.samples << " samples (" << c.valid << " valid, " << c.invalid << " invalid, "
            << c.rejected << " rejected), " << s.stale_periods << " stale periods, " << c.reconnects
            << " reconnects -> " << a.out << "\n"
            << "on/off target: " << judgmentNote(a, s) << "\n";
}
}  // namespace

int runTrack(const TrackArgs& a) {
  auto req = request(a);
  if (!req) return fail(kExitBadInput, req.error());
  std::optional<PulseTrain> train;
  if (!a.pulse_train.empty()) {
    auto spec = parsePulseTrain(a.pulse_train);
    if (!spec) return fail(kExitBadInput, spec.error());
    train.emplace(*spec);
  }
  // A simulated session may run faster than real time: every clock of the session (the
  // simulator's pace, staleness, the pulse train, --seconds) runs at that speed.
  const double speed = a.simulate && a.speed > 0 ? a.speed : 1.0;
  const double t0 = monotonic();
  auto now = [t0, speed] { return t0 + (monotonic() - t0) * speed; };
  NavigationSession session(Clocks{now, wall});
  // The arguments were checked above: what can still fail here is the journal.
  if (auto started = session.start(*req); !started) return fail(kExitFailure, started.error());
  for (const auto& text : a.notes)
    if (auto n = session.note(text); !n) return fail(kExitFailure, n.error());
  const double start = now();
  while (now() - start < a.seconds && isActive(session.tick().state)) {
    if (train) {
      const bool on = session.snapshot().guidance.state == GuidanceState::OnTarget;
      for (int i = train->due(now(), on); i > 0; --i)
        if (auto p = session.pulse({{}, "simulated"}); !p) return fail(kExitFailure, p.error());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  if (isActive(session.state())) (void)session.stop();
  const NavigationSnapshot& s = session.snapshot();
  if (s.state == NavState::Failed)
    return fail(s.failure_is_bad_input ? kExitBadInput : kExitFailure, s.failure);
  printSummary(a, s, now() - start);
  return kExitOk;
}

}  // namespace tmsnav
