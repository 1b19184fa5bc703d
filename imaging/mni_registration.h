#pragma once
// Subject <-> MNI: the patient's T1 registered to Colin27 (mricron-data's ch2, which sits
// in MNI space), rigid then affine, multi-resolution Mattes mutual information (ITK v4),
// sampled inside the template's head widened by 10 mm (the background only adds noise).
// Both directions are kept, as 4x4 matrices in LPS mm.
#include <optional>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "core/frames.h"
#include "imaging/progress.h"
#include "imaging/volume.h"

namespace tmsnav {

inline const char* kMniTemplate = "/usr/share/mricron/templates/ch2.nii.gz";
inline const char* kMniTemplateFile = "ch2.nii.gz";  // in a template folder

struct MniRegistration {
  Eigen::Matrix4d mni_to_subject = Eigen::Matrix4d::Identity();  // LPS -> LPS
  Eigen::Matrix4d subject_to_mni = Eigen::Matrix4d::Identity();
  double final_metric = 0.0;        // Mattes MI (more negative = better)
  double scale_determinant = 1.0;   // det of the linear part: head size relative to Colin27
  std::optional<double> head_dice;  // registration_quality.h; unset until assessed
  // Set when the registration does not fit the head (registration_quality.h): targets that
  // go through MNI space are refused with this reason, never planned in the wrong place.
  std::optional<std::string> unusable;
  double seconds = 0.0;
  double orientation_search_seconds = 0.0;  // of seconds: the start among 168 orientations
  // How far the registration turns the head from the axes of the image's header (degrees,
  // header_turn.h): a head's tilt in the scanner (0-30) for a header a scanner wrote.
  double header_turn_deg = 0.0;
  std::vector<std::string> warnings;
  // When the orientation search turned the head more than kHeaderAgreementDeg from its
  // header: the registration started from the header's own orientation, for the anatomy
  // to decide between them (registration_quality.h chooseRegistration). Empty otherwise.
  std::vector<MniRegistration> alternatives;
  // When the anatomy chose between the two (chooseRegistration): the figures it went by.
  std::string orientation_figures;

  Eigen::Vector3d toSubject(const Eigen::Vector3d& p_mni_lps) const;
  Eigen::Vector3d toMni(const Eigen::Vector3d& p_subject_lps) const;
  // The same with the frames in the types (an affine map, so not a Transform<>).
  Point<frame::Mri> toSubject(const Point<frame::Mni>& p_mni) const { return {toSubject(p_mni.p)}; }
  Point<frame::Mni> toMni(const Point<frame::Mri>& p_mri) const { return {toMni(p_mri.p)}; }
};

// A registration whose orientation is within this of the header's axes agrees with the
// header: one of the orientation search's 30-degree turns (a head tilted in the scanner).
constexpr double kHeaderAgreementDeg = 30.0;

// Which orientations the registration may start from.
enum class OrientationPolicy {
  Auto,     // all 168; one that disagrees with the header must be confirmed by the anatomy
  Header,   // only those the header agrees with (the user vouches for the header)
  Anatomy,  // all 168, the best taken whatever the header says (the user vouches for it)
};

struct RegistrationOptions {
  double finest_spacing_mm = 2.0;  // work at this resolution or coarser
  // Of the metric region's voxels per iteration. 0.05 instead of 0.1 (issue 16): Colin27
  // moved by a known affine 3.3 -> 1.9 s, seg3d 5.7 -> 2.9 s (same machine, same hour),
  // and the DLPFC point 0.194 -> 0.205 mm from the truth.
  double sampling_fraction = 0.05;
  // The metric region in the template: its head (registration_quality.h's
  // templateHeadMask), widened by metric_margin_mm so the head's edge counts. Null: the
  // whole field of view.
  const MaskImage* template_head = nullptr;
  double metric_margin_mm = 10.0;
  // Try every axis orientation (and turns between them) before the rigid stage: a head
  // stored rotated 90 or 180 degrees in its header is otherwise registered upside down.
  bool search_orientation = true;
  OrientationPolicy orientation = OrientationPolicy::Auto;
};

// "auto", "header" or "anatomy" (the CLI's --orientation), or an error naming the choices.
Result<OrientationPolicy> parseOrientationPolicy(const std::string& text);

// template_volume: Colin27 (loaded by the caller, so it can be cached).
Result<MniRegistration> registerToMni(const Volume& subject, const Volume& template_volume,
                                      const RegistrationOptions& options, const Progress& progress);

}  // namespace tmsnav
