#pragma once
// One navigation session: the tracker source on its worker thread, the guidance, and the
// journal every sample is appended to. `tmsnav track` and the app both drive this class,
// so "usable pose", "stale" and what is journaled have exactly one definition.
//
// The owner calls tick() regularly (the app once per UI frame, `track` every few ms). Each
// tick journals every frame that arrived, judged at its arrival time, then judges the
// newest frame against the clock: a silent tracker turns into "not tracking" by age even
// when no frame arrives, and one journal record marks the start of each stale period.
// tick() returns an immutable snapshot: what views read.
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "navigation/navigation_state.h"
#include "navigation/pulse_field.h"
#include "navigation/pulse_message.h"
#include "navigation/session_header.h"
#include "navigation/tracker_sources.h"
#include "tracking/guidance.h"
#include "tracking/guidance_session.h"
#include "tracking/landmark_touches.h"
#include "tracking/latest_mailbox.h"
#include "tracking/registration_monitor.h"
#include "tracking/session_log.h"
#include "tracking/source_stats.h"
#include "tracking/tracker_worker.h"

namespace tmsnav {

struct NavigationRequest {
  SourceSpec source;
  // The planned coil pose to guide to; without one, tool statuses are journaled and no
  // guidance is claimed.
  std::optional<Transform<frame::Target, frame::Mri>> target_to_mri;
  // A patient registration: without one, live and recorded poses relative to the head
  // reference are used as image coordinates and the simulator uses its own truth.
  std::optional<Transform<frame::HeadRef, frame::Mri>> head_ref_to_mri;
  // A coil calibration: without one, the coil marker's frame is taken as the coil's (live
  // and recorded sources) and the simulator uses its own truth.
  std::optional<Transform<frame::Coil, frame::CoilMarker>> coil_to_coil_marker;
  // Watches that registration (slip, second reference); its checkpoint in HeadRef mm.
  std::optional<Eigen::Vector3d> checkpoint;
  // The calibrated pointer (pointer_tip_to_pointer_marker): with it and a checkpoint, a
  // touch of the checkpoint while the registration needs one confirms it (or, drifted,
  // invalidates it).
  std::optional<Eigen::Vector3d> pointer_tip;
  // Guidance starts by asking for the checkpoint (issue 18): the reference may have moved
  // on the head since the registration was made.
  bool confirm_checkpoint_first = false;
  // The registration's predicted TRE at the target: written in every journal record.
  std::optional<double> predicted_tre_mm;
  GuidanceThresholds thresholds;
  double max_age_s = 0.0;    // 0: staleAfterS(the source's update period)
  std::string journal_path;  // required: navigation never runs unrecorded
  // The journal's first record: patient, MRI, plan, registration, coil, software.
  SessionHeader header;
  // Gives each tracked pulse the E at the target (header.stimulation's dI/dt); none: pulses
  // carry no E.
  TargetFieldFn target_field;
  // Samples journaled at most this often (0: every frame). A change of state, an event, a
  // pulse and the start of a stale period are journaled whatever the rate.
  double sample_period_s = 0.0;
};

// One light per tool: usable (isUsable: OK, fresh, rigid), stale (OK but too old) or bad.
struct ToolLight {
  enum class Kind { Usable, Stale, Bad };
  std::string tool;
  Kind kind = Kind::Bad;
  PoseStatus status = PoseStatus::Missing;
  double age_s = 0.0;
};

// A stimulator pulse (issue 15): from a key, a pedal mapped to a key, or the stimulator's
// OpenIGTLink message. The session records the coil pose at that instant, or that it was
// not tracked: never a stale pose passed off as current.
struct PulseInput {
  PulseValues values;          // intensity (%MSO), di/dt, MEP: each optional
  std::string source = "key";  // "key", "pedal", "igtl", "simulated"
};

struct PulseRecord {
  std::uint64_t number = 0;  // 1, 2, ... within the session
  double t_s = 0.0;          // since the session started
  bool tracked = false;      // false: no usable pose at the pulse
  GuidanceUpdate guidance;   // as judged at the pulse
  // The E at the target at this pulse's dI/dt (tracked pulses with a field model only),
  // or why there is none.
  std::optional<double> didt_a_per_us;
  std::optional<double> target_e_v_per_m;
  std::string target_e_reason;
};

struct NavigationSnapshot {
  NavState state = NavState::Idle;
  double now_s = 0.0;
  GuidanceUpdate guidance;                // not tracking, with the reason, unless usable
  std::optional<std::string> correction;  // "move 4 mm anterior", while errors are known
  std::optional<TrackerFrame> latest_frame;
  std::vector<TrackerFrame> new_frames;  // every frame this tick journaled, in order
  std::vector<ToolLight> tools;
  double sample_age_s = -1.0;  // of the newest frame; -1 before the first
  double max_age_s = 0.0;      // the stale age in force
  bool registered = false;     // false: poses relative to the head reference used as MRI
  bool judged = true;  // false: a live or recorded source without a registration (never on/off)
  // With a registration: whether it still holds (slip, checkpoint); guidance shows not
  // tracking with the reason unless it is Valid.
  std::optional<RegistrationState> registration;
  std::optional<double> checkpoint_drift_mm;  // of the last checkpoint touch
  std::string source_name;
  std::string journal_path;
  std::string failure;  // why the session is Failed
  bool failure_is_bad_input = false;
  std::uint64_t frames = 0;  // frames the source produced
  SourceCounts counts;
  std::uint64_t records = 0;            // journal records written
  std::uint64_t on_target_records = 0;  // of which on target
  std::uint64_t stale_periods = 0;
  std::uint64_t dropped_frames = 0;  // not journaled: the owner stopped ticking for too long
  std::uint64_t pulses = 0;          // journaled this session
  std::uint64_t pulses_on_target = 0;
  std::optional<PulseRecord> last_pulse;
};

class NavigationSession {
 public:
  explicit NavigationSession(Clocks clocks);
  ~NavigationSession();
  NavigationSession(const NavigationSession&) = delete;
  NavigationSession& operator=(const NavigationSession&) = delete;

  // Idle | Stopped | Failed -> Connecting. Opens the journal first: no journal, no start.
  [[nodiscard]] Result<Done> start(const NavigationRequest& request);
  // Connecting | Streaming | Stale -> Stopped. Journals what arrived, then syncs.
  [[nodiscard]] Result<Done> stop();
  // The user asks for the checkpoint now: guidance waits for its touch (with a
  // registration that has a checkpoint).
  [[nodiscard]] Result<Done> askCheckpoint();
  // Journals a pulse with the pose judged now (fsynced before it returns: a pulse reported
  // is a pulse on disk).
  [[nodiscard]] Result<PulseRecord> pulse(const PulseInput& input);
  // Journals a note (fsynced): "patient reports headache", "MT 45 %MSO".
  [[nodiscard]] Result<Done> note(const std::string& text);
  const NavigationSnapshot& tick();
  const NavigationSnapshot& snapshot() const { return snapshot_; }
  NavState state() const { return snapshot_.state; }

 private:
  [[nodiscard]] Result<Done> moveTo(NavState next);
  void drain();
  void judgeAge(double now);
  void ensureGuidance();
  double updatePeriodS() const;
  double staleAgeS() const;
  void journal(GuidanceUpdate u, const TrackerFrame& frame, double at);
  GuidanceUpdate judge(const TrackerFrame& frame, double at);
  bool notJudged() const;  // a live or recorded source without a registration
  void watchCheckpointTouch(const TrackerFrame& frame);
  Result<PulseRecord> recordPulse(GuidanceUpdate judged, double t_s, const PulseInput& in);
  void fieldAtPulse(PulseRecord& p, const PulseInput& in) const;
  void pulsesFromMessages(const TrackerFrame& frame, const GuidanceUpdate& judged, double at);
  void fail(const std::string& why, bool bad_input);
  void refreshSnapshot(double now);
  void finishSource();

  Clocks clocks_;
  LatestMailbox<TrackerFrame> mailbox_;
  std::mutex queue_mutex_;
  std::deque<TrackerFrame> queue_;  // every frame, for the journal (the mailbox keeps one)
  std::uint64_t dropped_ = 0;       // guarded by queue_mutex_
  TrackerWorker worker_;
  SourceStats stats_;
  TrackerSource* source_ = nullptr;  // owned by worker_ while it runs
  double period_s_ = 0.0;            // its update period, kept once it is gone
  NavigationRequest request_;
  PreparedSource prepared_;
  std::optional<SessionLog> journal_;
  std::optional<GuidanceSession> guidance_;
  std::optional<RegistrationMonitor> monitor_;
  std::optional<TouchStream> checkpoint_touches_;
  std::optional<double> checkpoint_drift_mm_;
  std::vector<std::string> pending_events_;  // for the journal record of the current frame
  double last_sync_s_ = 0.0;                 // the journal is fsynced at least every second
  std::optional<double> last_journaled_s_;   // the sample rate's clock
  GuidanceState last_journaled_state_ = GuidanceState::NotTracking;
  std::optional<TrackerFrame> last_frame_;
  GuidanceUpdate last_update_;
  double start_s_ = 0.0;
  double last_step_s_ = 0.0;  // guidance is stepped with a clock that never goes back
  bool silence_journaled_ = false;
  NavigationSnapshot snapshot_;
};

// A new journal per session in `dir`, named by its wall-clock start:
// session-YYYYmmdd-HHMMSS.jsonl.
std::string journalPathIn(const std::string& dir);

}  // namespace tmsnav
