#include "navigation/navigation_session.h"

#include "navigation/frame_collector.h"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <filesystem>

namespace tmsnav {

namespace {
constexpr double kSyncEveryS = 1.0;

// Frames waiting for the journal when the owner stops ticking (a stalled UI): at 400 Hz,
// 25 s. Beyond that the oldest are dropped and counted, never buffered without bound.
constexpr size_t kMaxQueuedFrames = 10000;
}  // namespace

NavigationSession::NavigationSession(Clocks clocks)
    : clocks_(std::move(clocks)), worker_(mailbox_, [this](const TrackerFrame& f) {
        std::lock_guard lock(queue_mutex_);
        if (queue_.size() >= kMaxQueuedFrames) {
          queue_.pop_front();
          ++dropped_;
        }
        queue_.push_back(f);
      }) {
  snapshot_.guidance.reason = "not started";
}

NavigationSession::~NavigationSession() {
  if (isActive(snapshot_.state)) (void)stop();
}

Result<Done> NavigationSession::moveTo(NavState next) {
  if (!allowed(snapshot_.state, next))
    return Error{std::string("navigation cannot go from ") + toString(snapshot_.state) + " to " +
                 toString(next)};
  snapshot_.state = next;
  return Done{};
}

Result<Done> NavigationSession::start(const NavigationRequest& request) {
  if (!allowed(snapshot_.state, NavState::Connecting))
    return Error{std::string("navigation is already running (") + toString(snapshot_.state) + ")"};
  if (request.journal_path.empty()) return Error{"navigation needs a journal file"};
  stats_.samples = stats_.valid = stats_.invalid = stats_.rejected = stats_.reconnects =
      stats_.flagged_timestamps = 0;
  auto prepared = prepareSource(request.source, request.target_to_mri, clocks_, stats_);
  if (!prepared) return Error{prepared.error()};
  // A registration replaces the identity of live and recorded sources, and the
  // simulator's own truth: its poses are then read through the registration found.
  if (request.head_ref_to_mri) {
    prepared->setup.head_ref_to_mri = *request.head_ref_to_mri;
    prepared->registered = true;
  }
  if (request.coil_to_coil_marker)
    prepared->setup.coil_to_coil_marker = *request.coil_to_coil_marker;
  auto journal = SessionLog::open(request.journal_path);
  if (!journal) return Error{"cannot open the session journal: " + journal.error()};
  {
    std::lock_guard lock(queue_mutex_);
    queue_.clear();
    dropped_ = 0;
  }
  source_ = prepared->source.get();
  period_s_ = 0.0;
  if (auto started = worker_.start(std::move(prepared->source)); !started) {
    source_ = nullptr;
    return started;
  }
  journal_.emplace(std::move(*journal));
  SessionStart header_start{clocks_.wall_s ? clocks_.wall_s() : 0.0, describe(request.source),
                            request.target_to_mri, request.predicted_tre_mm,
                            request.sample_period_s};
  if (auto w = journal_->append(formatSessionHeader(request.header, header_start)); !w) {
    (void)worker_.stop();
    source_ = nullptr;
    journal_.reset();
    return Error{"cannot write the session journal: " + w.error()};
  }
  last_journaled_s_.reset();
  request_ = request;
  prepared_ = std::move(*prepared);
  guidance_.reset();
  monitor_.reset();
  checkpoint_touches_.reset();
  checkpoint_drift_mm_.reset();
  if (request.head_ref_to_mri) {
    monitor_.emplace(request.checkpoint);
    if (request.checkpoint && request.pointer_tip)
      checkpoint_touches_.emplace(*request.pointer_tip);
    if (request.confirm_checkpoint_first && request.checkpoint)
      monitor_->requireCheckpoint("touch it before guidance starts");
  }
  last_frame_.reset();
  last_update_ = GuidanceUpdate{};
  silence_journaled_ = false;
  start_s_ = last_step_s_ = last_sync_s_ = clocks_.now_s();
  NavigationSnapshot fresh;
  fresh.state = snapshot_.state;
  fresh.source_name = describe(request.source);
  fresh.journal_path = request.journal_path;
  fresh.registered = prepared_.registered;
  fresh.judged = !notJudged();
  snapshot_ = std::move(fresh);
  (void)moveTo(NavState::Connecting);  // allowed: checked above
  refreshSnapshot(start_s_);
  return Done{};
}

Result<Done> NavigationSession::askCheckpoint() {
  if (!isActive(snapshot_.state)) return Error{"start tracking first"};
  if (!monitor_ || !monitor_->checkpoint() || !checkpoint_touches_)
    return Error{"this registration has no checkpoint and calibrated pointer to touch it with"};
  if (monitor_->state() == RegistrationState::Invalid) return Error{monitor_->reason()};
  monitor_->requireCheckpoint("asked for by the user");
  return Done{};
}

Result<PulseRecord> NavigationSession::pulse(const PulseInput& in) {
  if (!isActive(snapshot_.state) || !journal_) return Error{"start tracking before pulsing"};
  const double now = clocks_.now_s();
  drain();  // the newest pose, judged against the clock at the pulse
  judgeAge(now);
  refreshSnapshot(now);
  return recordPulse(snapshot_.guidance, now - start_s_, in);
}

namespace {
void appendValue(std::string& record, const char* key, const std::optional<double>& v) {
  if (v) record += std::string(",\"") + key + "\":" + formatNumber(*v, 1);
}
}  // namespace

// The pulse with the pose judged at it, or "not tracked" (never a stale pose as current).
Result<PulseRecord> NavigationSession::recordPulse(GuidanceUpdate judged, double t_s,
                                                   const PulseInput& in) {
  if (!journal_) return Error{"the session journal is closed"};
  PulseRecord p;
  p.number = snapshot_.pulses + 1;
  p.t_s = t_s;
  p.guidance = std::move(judged);
  p.guidance.t_s = t_s;
  p.tracked = p.guidance.state != GuidanceState::NotTracking && p.guidance.coil_to_mri.has_value();
  if (!p.tracked) p.guidance.coil_to_mri.reset(), p.guidance.errors.reset();
  if (!p.tracked && p.guidance.reason.empty()) p.guidance.reason = "not tracking";
  std::string record = formatGuidanceRecord(p.guidance);
  record.pop_back();
  record += ",\"type\":\"pulse\",\"pulse\":" + std::to_string(p.number) +
            ",\"tracked\":" + (p.tracked ? "true" : "false");
  appendValue(record, "intensity_pct_mso", in.values.intensity_pct_mso);
  appendValue(record, "didt_a_per_us", in.values.didt_a_per_us);
  appendValue(record, "mep_uv", in.values.mep_uv);
  fieldAtPulse(p, in);
  if (p.target_e_v_per_m) {
    record += ",\"target_e_v_per_m\":" + formatNumber(*p.target_e_v_per_m, 2);
    record += ",\"e_didt_a_per_us\":" + formatNumber(*p.didt_a_per_us, 2);
  } else if (!p.target_e_reason.empty()) {
    record += ",\"target_e_v_per_m\":null,\"target_e_reason\":\"" +
              jsonEscaped(p.target_e_reason) + "\"";
  }
  const bool known =
      in.source == "key" || in.source == "pedal" || in.source == "igtl" || in.source == "simulated";
  record += ",\"source\":\"" + (known ? in.source : std::string("other")) + "\"";
  record += "}";
  if (auto w = journal_->append(record); !w) return Error{w.error()};
  if (auto w = journal_->sync(); !w) return Error{w.error()};
  last_sync_s_ = clocks_.now_s();
  ++snapshot_.pulses;
  snapshot_.pulses_on_target += p.guidance.state == GuidanceState::OnTarget;
  snapshot_.last_pulse = p;
  return p;
}

// E at the target for a tracked pulse, at its own dI/dt: never for a pose that is not
// usable (an untracked pulse has none), never guessed without a stimulation.
void NavigationSession::fieldAtPulse(PulseRecord& p, const PulseInput& in) const {
  if (!request_.target_field) return;
  if (!p.tracked || !p.guidance.coil_to_mri) {
    p.target_e_reason = "no usable pose at the pulse";
    return;
  }
  p.didt_a_per_us = pulseDidt(request_.header.stimulation, in.values);
  if (!p.didt_a_per_us) {
    p.target_e_reason = "no intensity or dI/dt for this pulse";
    return;
  }
  auto e = request_.target_field(p.guidance.coil_to_mri->iso(), *p.didt_a_per_us);
  if (e)
    p.target_e_v_per_m = *e;
  else
    p.target_e_reason = e.error();
}

Result<Done> NavigationSession::note(const std::string& text) {
  if (!isActive(snapshot_.state) || !journal_) return Error{"start tracking before adding notes"};
  if (text.empty()) return Error{"the note is empty"};
  constexpr size_t kMaxNoteChars = 2000;
  const std::string record =
      "{\"type\":\"note\",\"t_s\":" + formatNumber(clocks_.now_s() - start_s_, 3) + ",\"text\":\"" +
      jsonEscaped(text.substr(0, kMaxNoteChars)) + "\"}";
  if (auto w = journal_->append(record); !w) return Error{w.error()};
  if (auto w = journal_->sync(); !w) return Error{w.error()};
  return Done{};
}

// A stimulator's STRING message "pulse ..." is a pulse at the frame that carried it.
void NavigationSession::pulsesFromMessages(const TrackerFrame& f, const GuidanceUpdate& judged,
                                           double at) {
  for (const std::string& event : f.events) {
    const auto message = parsePulseMessage(event);
    if (!message) continue;
    for (const auto& why : message->dropped)
      pending_events_.push_back("pulse value dropped: " + why);
    if (auto p = recordPulse(judged, at - start_s_, {message->values, "igtl"}); !p)
      fail("the session journal cannot be written: " + p.error(), false);
  }
}

Result<Done> NavigationSession::stop() {
  if (!allowed(snapshot_.state, NavState::Stopped))
    return Error{std::string("navigation is not running (") + toString(snapshot_.state) + ")"};
  period_s_ = updatePeriodS();  // the source goes with the worker: keep what it said
  (void)worker_.stop();
  source_ = nullptr;
  drain();  // frames that arrived before the stop are journaled too
  finishSource();
  (void)moveTo(NavState::Stopped);
  refreshSnapshot(clocks_.now_s());
  return Done{};
}

void NavigationSession::finishSource() {
  period_s_ = updatePeriodS();
  source_ = nullptr;
  if (journal_) (void)journal_->sync();
  journal_.reset();
}

void NavigationSession::fail(const std::string& why, bool bad_input) {
  period_s_ = updatePeriodS();
  source_ = nullptr;  // destroyed with the worker's stop
  (void)worker_.stop();
  finishSource();
  snapshot_.failure = why;
  snapshot_.failure_is_bad_input = bad_input;
  (void)moveTo(NavState::Failed);
}

double NavigationSession::updatePeriodS() const {
  if (source_ && source_->nominalPeriodS() > 0) return source_->nominalPeriodS();
  return period_s_ > 0 ? period_s_ : kDefaultUpdatePeriodS;
}

double NavigationSession::staleAgeS() const {
  return request_.max_age_s > 0 ? request_.max_age_s : staleAfterS(updatePeriodS());
}

// The guidance is made when the first frame arrives: only then does a recording know its
// pace, and so the stale age.
void NavigationSession::ensureGuidance() {
  if (guidance_) return;
  TrackingSetup setup = prepared_.setup;
  setup.max_age_s = staleAgeS();
  setup.max_skew_s = maxSkewS(updatePeriodS());
  guidance_.emplace(request_.target_to_mri.value_or(Transform<frame::Target, frame::Mri>()), setup,
                    request_.thresholds);
}

namespace {
// Not judged against the target: no plan, or poses that are not in the MRI's space.
void withoutJudgment(GuidanceUpdate& u, std::string reason) {
  u.errors.reset();
  u.coil_to_mri.reset();
  u.state = GuidanceState::NotTracking;
  u.reason = std::move(reason);
}
constexpr const char* kNotRegistered =
    "not registered: no on/off target without a patient registration (--registration)";
// Unregistered poses are never judged; a pose that is not usable anyway keeps its own
// reason (the coil missing), which is what the technician has to fix first.
void withoutRegistration(GuidanceUpdate& u) {
  const bool has_reason = u.state == GuidanceState::NotTracking && !u.reason.empty();
  withoutJudgment(u, has_reason ? u.reason : std::string(kNotRegistered));
}
}  // namespace

bool NavigationSession::notJudged() const {
  return prepared_.judged_only_if_registered && !prepared_.registered;
}

void NavigationSession::journal(GuidanceUpdate u, const TrackerFrame& frame, double at) {
  if (!request_.target_to_mri)
    withoutJudgment(u, "no plan");
  else if (notJudged())
    withoutRegistration(u);
  last_update_ = u;
  u.t_s = at - start_s_;
  // Between samples of the configured rate, only what changes something is journaled.
  const bool due = !last_journaled_s_ || at - *last_journaled_s_ >= request_.sample_period_s ||
                   u.state != last_journaled_state_ || !frame.events.empty();
  if (!due) return;
  last_journaled_s_ = at;
  last_journaled_state_ = u.state;
  ++snapshot_.records;
  snapshot_.on_target_records += u.state == GuidanceState::OnTarget;
  std::string record = formatTrackRecord(u, frame, at);
  if (monitor_) {  // every record says whether its pose went through a registration that held
    record.pop_back();
    record += std::string(",\"registration\":\"") + toString(monitor_->state()) + "\"";
    if (request_.predicted_tre_mm) {
      char tre[48];
      std::snprintf(tre, sizeof tre, ",\"predicted_tre_mm\":%.2f", *request_.predicted_tre_mm);
      record += tre;
    }
    record += "}";
  }
  if (auto w = journal_->append(record); !w)
    fail("the session journal cannot be written: " + w.error(), false);
}

// A registration that no longer holds shows as not tracking, with what to do.
// While the registration needs its checkpoint, a pointer touch near it is that touch.
void NavigationSession::watchCheckpointTouch(const TrackerFrame& f) {
  // A touch farther than this from the checkpoint was of something else: not a drift.
  constexpr double kCheckpointSearchMm = 15.0;
  if (!monitor_ || !checkpoint_touches_ || !monitor_->checkpoint()) return;
  if (monitor_->state() != RegistrationState::NeedsCheckpoint) {
    checkpoint_touches_->clear();
    return;
  }
  const auto reading = readPointer(f, kHeadRefTool, staleAgeS());
  const auto touch = checkpoint_touches_->add({f.timestamp_s, reading.pointer_to_reference});
  if (!touch || (touch->point - *monitor_->checkpoint()).norm() > kCheckpointSearchMm) return;
  if (auto drift = monitor_->confirmCheckpoint(touch->point)) {
    checkpoint_drift_mm_ = *drift;
    char event[64];
    std::snprintf(event, sizeof event, "checkpoint touched: drift %.1f mm", *drift);
    pending_events_.push_back(event);  // journaled with this frame
  }
}

GuidanceUpdate NavigationSession::judge(const TrackerFrame& f, double at) {
  if (monitor_) monitor_->observe(f);
  watchCheckpointTouch(f);
  if (!monitor_ || monitor_->state() == RegistrationState::Valid) {
    GuidanceUpdate u = guidance_->step(f, at);
    if (notJudged()) withoutRegistration(u);  // a pulse is judged here too
    return u;
  }
  GuidanceUpdate u = guidance_->noData(at);
  u.reason = monitor_->reason();
  return u;
}

// Every frame that arrived is judged at its arrival time and journaled.
void NavigationSession::drain() {
  std::deque<TrackerFrame> batch;
  {
    std::lock_guard lock(queue_mutex_);
    batch.swap(queue_);
    snapshot_.dropped_frames = dropped_;
  }
  for (auto& f : batch) {
    if (!journal_) return;
    ensureGuidance();
    last_step_s_ = std::max(last_step_s_, f.timestamp_s);
    GuidanceUpdate u = judge(f, last_step_s_);
    pulsesFromMessages(f, u, last_step_s_);
    for (auto& e : pending_events_) f.events.push_back(std::move(e));
    pending_events_.clear();
    journal(std::move(u), f, last_step_s_);
    last_frame_ = f;
    snapshot_.new_frames.push_back(f);
    if (snapshot_.state == NavState::Connecting || snapshot_.state == NavState::Stale)
      (void)moveTo(NavState::Streaming);
  }
}

// Silence: one not-tracking record when a stale period starts, including the silence of
// a source that has not sent anything yet.
void NavigationSession::judgeAge(double now) {
  if (snapshot_.state == NavState::Connecting) {
    if (silence_journaled_ || now - start_s_ <= staleAgeS()) return;
    silence_journaled_ = true;
    ++snapshot_.stale_periods;
    GuidanceUpdate u;
    u.t_s = now;
    u.reason = "no tracker data";
    journal(u, TrackerFrame{}, now);
    return;
  }
  if (!guidance_ || !last_frame_ || snapshot_.state != NavState::Streaming) return;
  if (now - last_frame_->timestamp_s <= guidance_->setup().max_age_s) return;
  ++snapshot_.stale_periods;
  last_step_s_ = std::max(last_step_s_, now);
  journal(guidance_->step(*last_frame_, last_step_s_), *last_frame_, last_step_s_);
  if (snapshot_.state == NavState::Streaming) (void)moveTo(NavState::Stale);
}

const NavigationSnapshot& NavigationSession::tick() {
  const double now = clocks_.now_s();
  snapshot_.new_frames.clear();
  if (!isActive(snapshot_.state)) {
    refreshSnapshot(now);
    return snapshot_;
  }
  drain();
  if (isActive(snapshot_.state)) judgeAge(now);
  // A kill -9 loses at most the last second of samples (pulses are synced as they come).
  if (journal_ && now - last_sync_s_ >= kSyncEveryS) {
    (void)journal_->sync();
    last_sync_s_ = now;
  }
  if (isActive(snapshot_.state) && worker_.state() != TrackerState::Running) {
    drain();  // the source ended or failed: journal its last frames, then say why
    if (worker_.state() == TrackerState::Failed)
      fail(worker_.failure(), worker_.failureIsBadInput());
    else if (isActive(snapshot_.state)) {
      finishSource();
      (void)worker_.stop();
      (void)moveTo(NavState::Stopped);
    }
  }
  refreshSnapshot(now);
  return snapshot_;
}

void NavigationSession::refreshSnapshot(double now) {
  NavigationSnapshot& s = snapshot_;
  s.now_s = now;
  s.frames = worker_.framesPublished();
  s.counts = stats_.snapshot();
  if (!prepared_.counts_itself) s.counts.samples = s.counts.valid = s.frames;
  s.max_age_s = guidance_ ? guidance_->setup().max_age_s : 0.0;
  s.registration = monitor_ ? std::optional(monitor_->state()) : std::nullopt;
  s.checkpoint_drift_mm = checkpoint_drift_mm_;
  // A session that is not running has no current pose.
  const bool running = isActive(s.state);
  s.latest_frame = running ? last_frame_ : std::nullopt;
  s.sample_age_s = running && last_frame_ ? now - last_frame_->timestamp_s : -1.0;
  s.tools.clear();
  if (s.latest_frame)
    for (const ToolPose& t : s.latest_frame->tools) {
      ToolLight light{t.tool, ToolLight::Kind::Bad, t.status, now - t.timestamp_s};
      if (isUsable(t, now, s.max_age_s))
        light.kind = ToolLight::Kind::Usable;
      else if (t.status == PoseStatus::Ok)
        light.kind = ToolLight::Kind::Stale;
      s.tools.push_back(light);
    }
  // What views show: the newest judgement while streaming; otherwise not tracking, with
  // the reason.
  if (s.state == NavState::Streaming || s.state == NavState::Stale) {
    s.guidance = last_update_;
  } else {
    s.guidance = GuidanceUpdate{};
    s.guidance.t_s = now;
    s.guidance.reason = s.state == NavState::Connecting ? "waiting for the tracker"
                        : s.state == NavState::Failed   ? s.failure
                        : s.state == NavState::Stopped  ? "tracking stopped"
                                                        : "not started";
  }
  s.correction.reset();
  if (s.guidance.errors && request_.target_to_mri)
    s.correction = describeCorrection(*s.guidance.errors, *request_.target_to_mri);
}

std::string journalPathIn(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  char stamp[32];
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &local);
  return (std::filesystem::path(dir) / ("session-" + std::string(stamp) + ".jsonl")).string();
}

}  // namespace tmsnav
