#pragma once
// Patient registration from landmark touches: the pointer's touches (in the head
// reference's frame) paired in order with the image landmarks, a rigid fit, its FRE and
// the Fitzpatrick-West TRE predicted at each target. Shared by `tmsnav register` and (next)
// the app's registration wizard.
#include <map>
#include <string>
#include <vector>

#include "core/frames.h"
#include "core/result.h"
#include "navigation/frame_collector.h"
#include "tracking/paired_point.h"
#include "tracking/surface_icp.h"

namespace tmsnav {

struct NamedPoint {
  std::string name;
  Eigen::Vector3d p_lps = Eigen::Vector3d::Zero();
};

struct LandmarkMatch {
  std::string name;
  Eigen::Vector3d image_lps = Eigen::Vector3d::Zero();
  Eigen::Vector3d touched = Eigen::Vector3d::Zero();  // in the head reference's frame
  double residual_mm = 0.0;
  double touched_at_s = 0.0;
};

struct PatientRegistration {
  Transform<frame::HeadRef, frame::Mri> head_ref_to_mri;
  double fre_mm = 0.0;
  double fle_mm = 0.0;  // estimated from FRE
  std::vector<LandmarkMatch> landmarks;
  std::map<std::string, double> predicted_tre_mm;            // per target name: the final fit's
  std::map<std::string, double> predicted_tre_landmarks_mm;  // the landmark fit's
  std::optional<SurfaceIcpResult> icp;  // the scalp sweep's refinement, when there was one
  size_t sweep_points = 0;
  std::vector<Eigen::Vector3d> sweep;        // the scalp points used, in the head reference's frame
  std::vector<std::string> coverage_advice;  // where the sweep lacks points (sweep_coverage.h)
  Eigen::Vector3d pointer_tip = Eigen::Vector3d::Zero();  // pointer_tip_to_pointer_marker
  std::string pointer_tip_source;  // "pointer.json", "given", "fitted to the touches"
  bool relative_to_head_ref = true;
};

struct LandmarkRegistrationInput {
  PointerPath path;
  std::optional<Eigen::Vector3d> pointer_tip;  // none: fitted to the pivoting touches
  std::string pointer_tip_source;
  std::vector<NamedPoint> landmarks;  // in the order they are touched
  std::vector<NamedPoint> targets;    // where to predict the TRE
  // The patient's scalp (MRI frame): with it, the pointer's path outside the touches is a
  // scalp sweep that refines the landmark fit (at least 20 points).
  std::shared_ptr<const ScalpSurface> scalp;
};

// The steps registerLandmarks takes, for the wizard that takes them one at a time.
// touched[i] pairs with landmarks[i] (head reference frame); fits, checks the ears and
// predicts the TRE at each target.
Result<PatientRegistration> fitLandmarkTouches(const std::vector<Eigen::Vector3d>& touched,
                                               const std::vector<double>& touched_at_s,
                                               const std::vector<NamedPoint>& landmarks,
                                               const std::vector<NamedPoint>& targets);
// Where the sweep lacks points (in the anatomy of the landmarks nasion, lpa, rpa), after
// the landmark fit; empty without those landmarks.
std::vector<std::string> sweepAdvice(const PatientRegistration& reg,
                                     const std::vector<Eigen::Vector3d>& sweep_in_head_ref,
                                     const std::vector<NamedPoint>& landmarks);
// Refines reg with the sweep on the scalp (ICP), stores the sweep and its advice, and
// predicts the TRE again. Too few points: an Error, reg unchanged.
Result<Done> refineWithSweep(PatientRegistration& reg,
                             std::vector<Eigen::Vector3d> sweep_in_head_ref,
                             const ScalpSurface& scalp, const std::vector<NamedPoint>& landmarks,
                             const std::vector<NamedPoint>& targets);

// Bad input (too few or too many touches, collinear points, swapped ears) is an Error
// whose message says what to do. A sweep too short to refine is no error: the landmark fit
// stands, and icp stays empty.
Result<PatientRegistration> registerLandmarks(const LandmarkRegistrationInput& in);

}  // namespace tmsnav
