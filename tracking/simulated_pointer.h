#pragma once
// A simulated pointer held by a virtual technician, with a known truth (issue 18). The
// technician follows the registration wizard's prompts: pivots the tip in a divot on the
// head reference, touches the coil's calibration points, touches each landmark (holding
// the tip still for a second while the hand turns the pointer, missing the landmark by an
// FLE drawn per touch), sweeps the scalp, touches the checkpoint. Each task is a script of
// pointer poses relative to the marker it is performed on (the head reference or the coil
// marker), so the simulated tracker can play it on a head and a coil that move. The same
// seed gives the same scripts.
#include <atomic>
#include <memory>
#include <optional>
#include <vector>

#include <Eigen/Geometry>

#include "core/frames.h"
#include "tracking/tracker_frame.h"

namespace tmsnav {

enum class PointerTask { Idle, Pivot, CoilTouches, Landmarks, Sweep, Checkpoint };
const char* toString(PointerTask t);

enum class PointerAnchor { HeadRef, CoilMarker };

struct PointerScriptSample {
  double t_s = 0.0;  // since the task started
  PointerAnchor anchor = PointerAnchor::HeadRef;
  Eigen::Isometry3d pointer_to_anchor = Eigen::Isometry3d::Identity();
};
using PointerScript = std::vector<PointerScriptSample>;

struct TechnicianConfig {
  Eigen::Vector3d tip_in_marker = Eigen::Vector3d(0, 0, 160);  // pointer_tip_to_pointer_marker
  Eigen::Vector3d divot_in_head_ref = Eigen::Vector3d(0, 40, 0);
  std::vector<Eigen::Vector3d> coil_points_in_marker;  // the coil's touch points
  std::vector<Eigen::Vector3d> landmarks_in_head_ref;  // touched in this order
  std::vector<Eigen::Vector3d> sweep_in_head_ref;      // scalp points the sweep passes over
  std::optional<Eigen::Vector3d> checkpoint_in_head_ref;
  double fle_rms_mm = 1.0;  // how far each touch misses its point (3-D RMS)
  double sweep_noise_rms_mm = 0.5;
  double rate_hz = 30.0;
  double hold_s = 1.2;
  unsigned seed = 1;
};

// The pointer poses of one task, from the moment it is asked for; empty for Idle and for
// a task that has nothing to touch. Each repetition of a task misses by a new FLE.
PointerScript technicianScript(const TechnicianConfig& config, PointerTask task,
                               unsigned repetition = 0);

// What the technician is asked to do now: written by whoever shows the prompts (the
// wizard, guidance asking for the checkpoint), read by the simulated tracker's thread.
class TechnicianCue {
 public:
  void ask(PointerTask task) { task_.store(static_cast<int>(task)); }
  PointerTask task() const { return static_cast<PointerTask>(task_.load()); }

 private:
  std::atomic<int> task_{0};
};

struct SimulatedTechnician {
  TechnicianConfig config;
  std::shared_ptr<TechnicianCue> cue = std::make_shared<TechnicianCue>();
};

// Plays the technician's scripts as the cue changes: each new task starts from its first
// pose. The pointer is reported Missing (put down) when there is nothing to do.
class TechnicianPlayer {
 public:
  explicit TechnicianPlayer(SimulatedTechnician technician);
  // Appends the Pointer tool to a frame that holds the anchors' poses at t_s.
  void addPointer(TrackerFrame& frame, double t_s);

 private:
  SimulatedTechnician technician_;
  PointerTask playing_ = PointerTask::Idle;
  PointerScript script_;
  double started_s_ = 0.0;
  unsigned repetitions_ = 0;
};

// An offline registration session with a fixed head reference: landmarks touched, then
// the sweep, as frames in the tracker's frame.
struct PointerSessionConfig {
  std::vector<Eigen::Vector3d> landmarks_mri;  // touched in this order (LPS)
  std::vector<Eigen::Vector3d> sweep_mri;      // scalp points the sweep passes over (LPS)
  Transform<frame::HeadRef, frame::Mri> head_ref_to_mri;       // the truth registration finds
  Eigen::Vector3d tip_in_marker = Eigen::Vector3d(0, 0, 160);  // pointer_tip_to_pointer_marker
  double fle_rms_mm = 1.0;
  double sweep_noise_rms_mm = 0.5;
  double rate_hz = 30.0;
  double hold_s = 1.2;
  unsigned seed = 1;
};

std::vector<TrackerFrame> simulatePointerSession(const PointerSessionConfig& config);

// The scalp a simulated sweep passes over: the vertices 20 mm or more above the ears
// (the vault and the forehead, not the face or the neck). LPS: +z is superior.
std::vector<Eigen::Vector3d> sweepVault(const std::vector<Eigen::Vector3d>& scalp_vertices,
                                        const Eigen::Vector3d& ear);

}  // namespace tmsnav
