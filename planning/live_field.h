#pragma once
// The live E-field map (issue 29): while the coil is tracked, |E| on the cortex within
// kLiveRoiMm of the point under the coil, with the map's dipole set, at the session's
// intensity; the E at the target with the reference set (as each pulse journals it).
// LiveFieldEngine computes one map; LiveFieldWorker runs it on its own thread, always on
// the newest pose it was given, dropping poses that arrived while it was busy. The UI
// never waits for it and no exception leaves its thread (an error is a result).
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <vtkPolyData.h>
#include <vtkSmartPointer.h>
#include <Eigen/Geometry>

#include "efield/coil_dipoles.h"

namespace tmsnav {

class SurfaceIndex;

// The map covers the cortex within this distance of the point under the coil: the
// figure-8's field is below a quarter of its peak beyond ~35 mm of its centre.
inline constexpr double kLiveRoiMm = 40.0;

struct LiveFieldSetup {
  vtkSmartPointer<vtkPolyData> cortex_lps, inner_skull_lps;
  efield::CoilDipoles map_coil;        // kLiveResolution
  efield::CoilDipoles reference_coil;  // kReferenceResolution: the target's figure
  Eigen::Vector3d target_lps = Eigen::Vector3d::Zero();
  Eigen::Isometry3d planned_pose = Eigen::Isometry3d::Identity();  // sets the colour scale
  double didt_a_per_us = 0.0;
  int threads = 1;
};

struct LiveField {
  std::uint64_t serial = 0;  // of the pose it was computed for
  Eigen::Isometry3d coil_to_mri = Eigen::Isometry3d::Identity();
  std::vector<int> roi;          // cortex vertex ids
  std::vector<float> magnitude;  // |E| (V/m) at each roi vertex
  double peak_v_per_m = 0.0;
  Eigen::Vector3d peak_lps = Eigen::Vector3d::Zero();
  std::optional<double> target_e_v_per_m;
  Eigen::Vector3d under_coil_lps = Eigen::Vector3d::Zero();
  double compute_ms = 0.0;
  std::string error;  // no field for this pose (the coil is not over the head)
};

class LiveFieldEngine {
 public:
  explicit LiveFieldEngine(LiveFieldSetup setup);
  ~LiveFieldEngine();
  LiveField compute(const Eigen::Isometry3d& coil_to_mri) const;
  // The legend's top (V/m): the peak at the planned pose rounded up to 10 V/m, so colours
  // compare between positions; computed once.
  double scale() const { return scale_; }
  const LiveFieldSetup& setup() const { return setup_; }

 private:
  LiveFieldSetup setup_;
  std::vector<Eigen::Vector3d> vertices_;
  std::unique_ptr<SurfaceIndex> skull_, cortex_;
  double scale_ = 0.0;
};

class LiveFieldWorker {
 public:
  explicit LiveFieldWorker(LiveFieldSetup setup);
  ~LiveFieldWorker();  // stops after the map in progress
  LiveFieldWorker(const LiveFieldWorker&) = delete;
  LiveFieldWorker& operator=(const LiveFieldWorker&) = delete;

  // The newest pose to map; one not yet started is replaced (dropped).
  void request(std::uint64_t serial, const Eigen::Isometry3d& coil_to_mri);
  std::shared_ptr<const LiveField> latest() const;
  std::uint64_t published() const;  // maps finished so far
  std::uint64_t dropped() const;    // poses replaced before they were mapped
  double scale() const;             // 0 until the worker has set up
  bool ready() const { return scale() > 0; }
  std::string setupError() const;  // why there is no map at all (no head under the plan)

 private:
  void run(std::stop_token stop, LiveFieldSetup setup);

  mutable std::mutex mutex_;
  std::condition_variable_any wake_;
  std::optional<std::pair<std::uint64_t, Eigen::Isometry3d>> pending_;
  std::shared_ptr<const LiveField> latest_;
  std::uint64_t published_ = 0, dropped_ = 0;
  double scale_ = 0.0;
  std::string setup_error_;
  std::jthread thread_;  // last: started once everything above exists
};

}  // namespace tmsnav
