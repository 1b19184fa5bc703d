#pragma once
// Turns target specifications into a plan on a patient's scalp. Shared by the CLI, the
// headless flow and the app.
#include <optional>
#include <vector>

#include "app/cli/target_spec.h"
#include "app/plan_file.h"
#include "imaging/ten_twenty.h"

namespace tmsnav {

// The patient's surfaces a plan is made on, with their search structures (kept across
// targets: the app plans many on one patient). The cortex is optional: without it atlas
// and scalp-rule targets stay where they are and no scalp-to-cortex depth is reported.
struct PlanSurfaces {
  PlanSurfaces(vtkPolyData* scalp_lps, vtkPolyData* cortex_lps)
      : scalp(scalp_lps), cortex(cortex_lps) {}
  SurfaceIndex scalp;
  SurfaceIndex cortex;  // empty() without a cortex
};

// registration may be null when no target needs MNI space (then target_mni is unknown).
// Atlas centroids are projected onto the cortex; a scalp rule's point is the entry and
// the target is the cortex point beneath it.
Result<PlannedTarget> planSpec(const PlanSurfaces& surfaces, const TargetSpec& spec,
                               const PlanOptions& options,
                               const MniRegistration* registration = nullptr);

Result<Plan> buildPlan(const std::string& mri_path, const PlanSurfaces& surfaces,
                       const std::vector<TargetSpec>& specs, const PlanOptions& options,
                       const MniRegistration* registration = nullptr);

// What the target sources need from one patient: the scalp, the MNI registration and the
// scalp landmarks (10-20 positions are computed on first use).
class PlanningContext {
 public:
  // scalp and atlases must outlive the context.
  PlanningContext(const SurfaceIndex& scalp, const MniRegistration* registration,
                  std::map<std::string, Eigen::Vector3d> landmarks_lps, AtlasCache& atlases)
      : scalp_(scalp),
        registration_(registration),
        landmarks_(std::move(landmarks_lps)),
        atlases_(atlases) {}

  // Turns atlas regions, 10-20 names and scalp rules into points (subject or MNI, as
  // spec.inMni() says); ras: and mni: specs pass through.
  Result<Done> resolve(TargetSpec& spec);
  const std::map<std::string, Eigen::Vector3d>& landmarks() const { return landmarks_; }
  const std::map<std::string, Eigen::Vector3d>& tenTwenty() const { return ten_twenty_; }
  const MniRegistration* registration() const { return registration_; }
  // The head measurements and distances of the last Beam F3 resolved, if any.
  const std::optional<BeamF3>& beamF3Result() const { return beam_f3_; }
  // A user's correction of a landmark (nasion, inion, lpa, rpa): the 10-20 positions are
  // measured again from it on next use.
  Result<Done> setLandmark(const std::string& name, const Eigen::Vector3d& p_lps);

 private:
  Result<ScalpLandmarks> scalpLandmarksStruct() const;
  const SurfaceIndex& scalp_;
  const MniRegistration* registration_;
  std::map<std::string, Eigen::Vector3d> landmarks_;
  std::map<std::string, Eigen::Vector3d> ten_twenty_;
  std::optional<BeamF3> beam_f3_;
  AtlasCache& atlases_;
};

// MNI fiducials (LPS) mapped into the subject and projected onto the scalp.
std::map<std::string, Eigen::Vector3d> scalpLandmarks(
    const SurfaceIndex& scalp, const MniRegistration& registration,
    const std::map<std::string, Eigen::Vector3d>& fiducials_mni_lps);

}  // namespace tmsnav
