#include "tracking/simulated_pointer.h"

#include <cmath>
#include <random>

#include "core/coords.h"

namespace tmsnav {

namespace {
constexpr double kTouchTurnRad = 0.25;  // the hand turns the pointer by up to ~15 degrees
constexpr double kPivotTurnRad = 0.5;   // pivoting: up to ~30 degrees each way
constexpr double kPivotS = 6.0;
constexpr double kPivotCycleS = 2.5;
constexpr double kJitterMm = 0.1;  // tracker noise on each sample
constexpr double kLiftMm = 30.0;   // the pointer is lifted between touches
constexpr double kMoveS = 0.6;

struct Scripter {
  const TechnicianConfig& c;
  std::mt19937 rng;
  PointerAnchor anchor;
  PointerScript out;
  double t = 0.0;

  Eigen::Vector3d noise(double rms) {
    std::normal_distribution<double> n(0.0, rms / std::sqrt(3.0));
    return {n(rng), n(rng), n(rng)};
  }
  // One pose with the tip at p (in the anchor's frame), the shaft turned by `turn`.
  void sample(const Eigen::Vector3d& p, const Eigen::Matrix3d& turn) {
    Eigen::Isometry3d pointer = Eigen::Isometry3d::Identity();
    pointer.linear() = turn;
    pointer.translation() = p + noise(kJitterMm) - turn * c.tip_in_marker;
    out.push_back({t, anchor, pointer});
    t += 1.0 / c.rate_hz;
  }
  static Eigen::Matrix3d turned(double amplitude, double phase) {
    return (Eigen::AngleAxisd(amplitude * std::sin(phase), Eigen::Vector3d::UnitX()) *
            Eigen::AngleAxisd(amplitude * std::cos(1.3 * phase), Eigen::Vector3d::UnitY()))
        .toRotationMatrix();
  }
  // Tip held on each point (missed by the FLE) while the hand turns the pointer; lifted
  // along the shaft between points.
  void touch(const std::vector<Eigen::Vector3d>& points) {
    const int hold = static_cast<int>(c.hold_s * c.rate_hz),
              move = static_cast<int>(kMoveS * c.rate_hz);
    for (const auto& p : points) {
      const Eigen::Vector3d touched = p + noise(c.fle_rms_mm);
      for (int i = 0; i < hold; ++i) sample(touched, turned(kTouchTurnRad, 0.3 * i));
      const Eigen::Vector3d up = -c.tip_in_marker.normalized() * kLiftMm;
      for (int i = 1; i <= move; ++i) sample(touched + up * (double(i) / move), turned(0, 0));
    }
  }
  void pivot() {
    const int n = static_cast<int>(kPivotS * c.rate_hz);
    for (int i = 0; i < n; ++i)
      sample(c.divot_in_head_ref, turned(kPivotTurnRad, 2 * kPi * t / kPivotCycleS));
  }
  // A continuous path: the next point is the nearest one not yet visited.
  void sweep() {
    std::vector<Eigen::Vector3d> left = c.sweep_in_head_ref;
    Eigen::Vector3d at = left.empty() ? Eigen::Vector3d::Zero() : left.front();
    while (!left.empty()) {
      size_t best = 0;
      for (size_t i = 1; i < left.size(); ++i)
        if ((left[i] - at).squaredNorm() < (left[best] - at).squaredNorm()) best = i;
      at = left[best];
      left.erase(left.begin() + static_cast<long>(best));
      sample(at + noise(c.sweep_noise_rms_mm), turned(0, 0));
    }
  }
};
}  // namespace

const char* toString(PointerTask t) {
  switch (t) {
    case PointerTask::Idle:
      return "idle";
    case PointerTask::Pivot:
      return "pivot";
    case PointerTask::CoilTouches:
      return "coil touches";
    case PointerTask::Landmarks:
      return "landmarks";
    case PointerTask::Sweep:
      return "sweep";
    case PointerTask::Checkpoint:
      return "checkpoint";
  }
  return "idle";
}

PointerScript technicianScript(const TechnicianConfig& c, PointerTask task, unsigned repetition) {
  const unsigned seed = c.seed * 7919u + static_cast<unsigned>(task) + 104729u * repetition;
  const PointerAnchor anchor =
      task == PointerTask::CoilTouches ? PointerAnchor::CoilMarker : PointerAnchor::HeadRef;
  Scripter s{c, std::mt19937(seed), anchor, {}, 0.0};
  switch (task) {
    case PointerTask::Idle:
      break;
    case PointerTask::Pivot:
      s.pivot();
      break;
    case PointerTask::CoilTouches:
      s.touch(c.coil_points_in_marker);
      break;
    case PointerTask::Landmarks:
      s.touch(c.landmarks_in_head_ref);
      break;
    case PointerTask::Sweep:
      s.sweep();
      break;
    case PointerTask::Checkpoint:
      if (c.checkpoint_in_head_ref) s.touch({*c.checkpoint_in_head_ref});
      break;
  }
  return s.out;
}

TechnicianPlayer::TechnicianPlayer(SimulatedTechnician technician)
    : technician_(std::move(technician)) {}

void TechnicianPlayer::addPointer(TrackerFrame& frame, double t_s) {
  const PointerTask asked = technician_.cue->task();
  if (asked != playing_) {
    playing_ = asked;
    script_ = technicianScript(technician_.config, asked, repetitions_++);
    started_s_ = t_s;
  }
  const double since = (t_s - started_s_) * technician_.config.rate_hz;
  const size_t index = since < 0 ? script_.size() : static_cast<size_t>(since);
  ToolPose pointer{kPointerTool, Eigen::Isometry3d::Identity(), frame.timestamp_s,
                   PoseStatus::Missing};
  if (index < script_.size()) {
    const PointerScriptSample& s = script_[index];
    const char* anchor_name =
        s.anchor == PointerAnchor::CoilMarker ? kCoilMarkerTool : kHeadRefTool;
    const ToolPose* anchor = frame.find(anchor_name);
    if (anchor && anchor->status == PoseStatus::Ok) {
      pointer.tool_to_tracker = anchor->tool_to_tracker * s.pointer_to_anchor;
      pointer.timestamp_s = anchor->timestamp_s;
      pointer.status = PoseStatus::Ok;
    }
  }
  frame.tools.push_back(pointer);
}

std::vector<TrackerFrame> simulatePointerSession(const PointerSessionConfig& c) {
  Eigen::Isometry3d head_ref_to_tracker = Eigen::Isometry3d::Identity();
  head_ref_to_tracker.linear() =
      Eigen::AngleAxisd(0.4, Eigen::Vector3d(0.3, -1, 0.2).normalized()).toRotationMatrix();
  head_ref_to_tracker.translation() = Eigen::Vector3d(50, -120, -900);
  const Eigen::Isometry3d mri_to_head_ref = c.head_ref_to_mri.iso().inverse();
  TechnicianConfig t;
  t.tip_in_marker = c.tip_in_marker;
  for (const auto& p : c.landmarks_mri) t.landmarks_in_head_ref.push_back(mri_to_head_ref * p);
  for (const auto& p : c.sweep_mri) t.sweep_in_head_ref.push_back(mri_to_head_ref * p);
  t.fle_rms_mm = c.fle_rms_mm;
  t.sweep_noise_rms_mm = c.sweep_noise_rms_mm;
  t.rate_hz = c.rate_hz;
  t.hold_s = c.hold_s;
  t.seed = c.seed;
  std::vector<TrackerFrame> frames;
  double t0 = 0.0;
  for (PointerTask task : {PointerTask::Landmarks, PointerTask::Sweep}) {
    const PointerScript script = technicianScript(t, task);
    for (const auto& s : script) {
      const double at = t0 + s.t_s;
      TrackerFrame f;
      f.timestamp_s = at;
      f.tools.push_back({kHeadRefTool, head_ref_to_tracker, at, PoseStatus::Ok});
      f.tools.push_back(
          {kPointerTool, head_ref_to_tracker * s.pointer_to_anchor, at, PoseStatus::Ok});
      frames.push_back(f);
    }
    if (!script.empty()) t0 += script.back().t_s + 1.0 / c.rate_hz;
  }
  return frames;
}

std::vector<Eigen::Vector3d> sweepVault(const std::vector<Eigen::Vector3d>& vertices,
                                        const Eigen::Vector3d& ear) {
  constexpr double kAboveEarsMm = 20.0;
  std::vector<Eigen::Vector3d> out;
  for (const auto& v : vertices)
    if (v.z() > ear.z() + kAboveEarsMm) out.push_back(v);
  return out;
}

}  // namespace tmsnav
