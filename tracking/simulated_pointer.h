#pragma once
// A simulated registration session with a known truth: a head reference on the head, a
// pointer held by a virtual technician who touches each landmark (holding the tip still
// for a second while the hand turns the pointer, missing the landmark by an FLE drawn per
// touch), then sweeps the scalp. Frames carry Pointer and HeadRef tools in the tracker's
// frame, as a real tracker would send them; the same seed gives the same frames.
#include <vector>

#include <Eigen/Geometry>

#include "core/frames.h"
#include "tracking/tracker_frame.h"

namespace tmsnav {

struct PointerSessionConfig {
  std::vector<Eigen::Vector3d> landmarks_mri;  // touched in this order (LPS)
  std::vector<Eigen::Vector3d> sweep_mri;      // scalp points the sweep passes over (LPS)
  Transform<frame::HeadRef, frame::Mri> head_ref_to_mri;       // the truth registration finds
  Eigen::Vector3d tip_in_marker = Eigen::Vector3d(0, 0, 160);  // pointer_tip_to_pointer_marker
  double fle_rms_mm = 1.0;  // how far each touch misses its landmark (3-D RMS)
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
