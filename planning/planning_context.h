#pragma once
// What the target sources need from one patient: the scalp, the MNI registration, the
// scalp landmarks and the atlases (10-20 positions are measured on first use). resolve()
// turns a TargetSpec into a ResolvedTarget without changing the spec.
#include <map>
#include <optional>
#include <string>

#include "imaging/atlas.h"
#include "imaging/atlas_cache.h"
#include "imaging/mni_registration.h"
#include "imaging/surface_index.h"
#include "imaging/ten_twenty.h"
#include "planning/target_spec.h"

namespace tmsnav {

// A spec placed on the patient: where the planner starts from.
struct ResolvedTarget {
  enum class Kind {
    SubjectPoint,   // p is the target
    MniPoint,       // p is the given MNI point in the subject; p_mni is exact
    AtlasCentroid,  // p is the region's centroid in the subject: the target is where the
                    // line from the entry to it crosses the cortex
    ScalpPosition,  // p is on the scalp (a scalp rule): the target is the cortex beneath
  };
  std::string name;
  std::string method;  // as plan.json names it
  Kind kind = Kind::SubjectPoint;
  Point<frame::Mri> p;
  std::optional<Point<frame::Mni>> p_mni;  // MniPoint: given; AtlasCentroid: the centroid
  std::optional<AtlasRegion> atlas;        // AtlasCentroid: the region, for its cortex patch
};

// A landmark the user placed this far or farther from where the MNI registration puts it
// means the registration is wrong (turned, shifted): heads differ from Colin27 by 5-15 mm
// at the fiducials once registered, a registration turned front to back by 150 mm or more.
constexpr double kLandmarkDisagreementMm = 30.0;

class PlanningContext {
 public:
  // scalp and atlases must outlive the context; registration may be null (then MNI and
  // atlas targets are refused, and scalp rules need landmarks set by hand).
  PlanningContext(const SurfaceIndex& scalp, const MniRegistration* registration,
                  std::map<std::string, Eigen::Vector3d> landmarks_lps, AtlasCache& atlases,
                  std::string template_dir);

  Result<ResolvedTarget> resolve(const TargetSpec& spec);
  const std::map<std::string, Eigen::Vector3d>& landmarks() const { return landmarks_; }
  const std::map<std::string, Eigen::Vector3d>& tenTwenty() const { return ten_twenty_; }
  const MniRegistration* registration() const { return registration_; }
  // The head measurements and distances of the last Beam F3 resolved, if any.
  const std::optional<BeamF3>& beamF3Result() const { return beam_f3_; }
  // A user's correction of a landmark (nasion, inion, lpa, rpa), moved onto the scalp: the
  // 10-20 positions are measured again from it on next use.
  Result<Done> setLandmark(const std::string& name, const Eigen::Vector3d& p_lps);
  // Landmarks put back exactly as they were (undo, a reopened study): already on the scalp.
  void restoreLandmarks(std::map<std::string, Eigen::Vector3d> landmarks_lps);

 private:
  Result<ScalpLandmarks> scalpLandmarksStruct() const;
  Result<Eigen::Vector3d> scalpPosition(const TargetSpec& spec);
  Result<Point<frame::Mri>> toSubject(const TargetSpec& spec, const Point<frame::Mni>& p_mni) const;
  // Whether the landmarks the user placed are where the registration puts them.
  Result<Done> landmarksAgree() const;

  const SurfaceIndex& scalp_;
  const MniRegistration* registration_;
  std::map<std::string, Eigen::Vector3d> landmarks_;
  bool landmarks_by_hand_ = false;  // set: scalp rules hold even when the registration does not
  // The landmarks as the registration put them (empty without one): the user's own
  // placement is an independent check of the registration (kLandmarkDisagreementMm).
  std::map<std::string, Eigen::Vector3d> registered_landmarks_;
  std::map<std::string, Eigen::Vector3d> ten_twenty_;
  std::optional<BeamF3> beam_f3_;
  AtlasCache& atlases_;
  std::string template_dir_;
};

// An atlas region and its centroid, checked without a patient (the CLI refuses a wrong
// region before segmenting).
struct AtlasTarget {
  AtlasRegion region;
  Point<frame::Mni> centroid;
};
Result<AtlasTarget> resolveAtlasTarget(const std::string& region, const std::string& template_dir,
                                       AtlasCache& atlases);

// MNI fiducials (LPS) mapped into the subject and projected onto the scalp.
std::map<std::string, Eigen::Vector3d> scalpLandmarks(
    const SurfaceIndex& scalp, const MniRegistration& registration,
    const std::map<std::string, Eigen::Vector3d>& fiducials_mni_lps);

}  // namespace tmsnav
