#include "navigation/patient_registration.h"

#include <cstdio>

#include "navigation/sweep_coverage.h"

namespace tmsnav {

namespace {
std::string mm(double v) {
  char s[32];
  std::snprintf(s, sizeof s, "%.1f mm", v);
  return s;
}

// Where the tip went outside the touches (with a margin: the approach and the lift), one
// point per millimetre of travel.
std::vector<Eigen::Vector3d> sweepPoints(const PointerPath& path, const std::vector<Touch>& touches,
                                         const Eigen::Vector3d& tip) {
  constexpr double kMarginS = 0.3;
  constexpr double kSpacingMm = 1.0;
  std::vector<Eigen::Vector3d> out;
  for (const auto& s : path.samples) {
    if (!s.pointer_to_reference) continue;
    bool in_touch = false;
    for (const auto& t : touches)
      in_touch |= s.t_s >= t.start_s - kMarginS && s.t_s <= t.end_s + kMarginS;
    if (in_touch) continue;
    const Eigen::Vector3d p = *s.pointer_to_reference * tip;
    if (out.empty() || (p - out.back()).norm() >= kSpacingMm) out.push_back(p);
  }
  return out;
}

int indexOf(const std::vector<NamedPoint>& points, const std::string& name) {
  for (size_t i = 0; i < points.size(); ++i)
    if (points[i].name == name) return static_cast<int>(i);
  return -1;
}

// With the ears paired the other way round the fit is far better: the user touched them
// in the wrong order (or mixed up the patient's left and right).
Result<Done> checkEars(const std::vector<Eigen::Vector3d>& touched,
                       const std::vector<NamedPoint>& landmarks, double fre_mm) {
  constexpr double kMuchBetter = 0.5;
  const int l = indexOf(landmarks, "lpa"), r = indexOf(landmarks, "rpa");
  if (l < 0 || r < 0) return Done{};
  std::vector<Eigen::Vector3d> image;
  for (const auto& p : landmarks) image.push_back(p.p_lps);
  std::swap(image[static_cast<size_t>(l)], image[static_cast<size_t>(r)]);
  auto swapped = fitRigid(touched, image);
  if (swapped && swapped->fre_mm < kMuchBetter * fre_mm)
    return Error{"the left and right ears look swapped (FRE " + mm(fre_mm) + ", " +
                 mm(swapped->fre_mm) +
                 " the other way round): touch lpa on the patient's "
                 "left ear and rpa on the right, in the order asked"};
  return Done{};
}
}  // namespace

Result<PatientRegistration> fitLandmarkTouches(const std::vector<Eigen::Vector3d>& touched,
                                               const std::vector<double>& touched_at_s,
                                               const std::vector<NamedPoint>& landmarks,
                                               const std::vector<NamedPoint>& targets) {
  if (landmarks.size() < 3)
    return Error{"registration needs at least 3 image landmarks; got " +
                 std::to_string(landmarks.size())};
  if (touched.size() != landmarks.size() || touched_at_s.size() != touched.size())
    return Error{"found " + std::to_string(touched.size()) + " landmark touches for " +
                 std::to_string(landmarks.size()) +
                 " landmarks: hold the pointer's tip still on each landmark for half a second, "
                 "once, in the order asked, with both markers visible"};
  std::vector<Eigen::Vector3d> image;
  for (const auto& l : landmarks) image.push_back(l.p_lps);
  auto fit = fitRigid(touched, image);
  if (!fit) return Error{fit.error()};
  if (auto ears = checkEars(touched, landmarks, fit->fre_mm); !ears) return Error{ears.error()};
  PatientRegistration reg;
  reg.head_ref_to_mri = Transform<frame::HeadRef, frame::Mri>(fit->from_to_to);
  reg.fre_mm = fit->fre_mm;
  reg.fle_mm = fit->fle_mm;
  for (size_t i = 0; i < touched.size(); ++i)
    reg.landmarks.push_back(
        {landmarks[i].name, image[i], touched[i], fit->residuals_mm[i], touched_at_s[i]});
  for (const auto& t : targets)
    reg.predicted_tre_landmarks_mm[t.name] = predictedTreMm(image, reg.fle_mm, t.p_lps);
  reg.predicted_tre_mm = reg.predicted_tre_landmarks_mm;
  return reg;
}

std::vector<std::string> sweepAdvice(const PatientRegistration& reg,
                                     const std::vector<Eigen::Vector3d>& sweep,
                                     const std::vector<NamedPoint>& landmarks) {
  const int nasion = indexOf(landmarks, "nasion"), lpa = indexOf(landmarks, "lpa"),
            rpa = indexOf(landmarks, "rpa");
  if (nasion < 0 || lpa < 0 || rpa < 0) return {};
  std::vector<Eigen::Vector3d> in_mri;
  for (const auto& p : sweep) in_mri.push_back(reg.head_ref_to_mri.iso() * p);
  return sweepCoverage(in_mri, landmarks[static_cast<size_t>(nasion)].p_lps,
                       landmarks[static_cast<size_t>(lpa)].p_lps,
                       landmarks[static_cast<size_t>(rpa)].p_lps)
      .advice;
}

Result<Done> refineWithSweep(PatientRegistration& reg, std::vector<Eigen::Vector3d> sweep,
                             const ScalpSurface& scalp, const std::vector<NamedPoint>& landmarks,
                             const std::vector<NamedPoint>& targets) {
  auto icp = refineOnSurface(sweep, scalp, reg.head_ref_to_mri.iso());
  reg.sweep_points = sweep.size();
  reg.coverage_advice = sweepAdvice(reg, sweep, landmarks);
  reg.sweep = std::move(sweep);
  if (!icp) return Error{icp.error()};
  reg.icp = *icp;
  reg.head_ref_to_mri = Transform<frame::HeadRef, frame::Mri>(icp->from_to_surface);
  for (const auto& t : targets) reg.predicted_tre_mm[t.name] = predictedTreMm(*icp, t.p_lps);
  return Done{};
}

Result<PatientRegistration> registerLandmarks(const LandmarkRegistrationInput& in) {
  if (in.landmarks.size() < 3)
    return Error{"registration needs at least 3 image landmarks; got " +
                 std::to_string(in.landmarks.size())};
  Eigen::Vector3d tip;
  std::string tip_source;
  if (in.pointer_tip) {
    tip = *in.pointer_tip;
    tip_source = in.pointer_tip_source;
  } else {
    auto fitted = tipFromPivotingTouches(in.path.samples);
    if (!fitted) return Error{fitted.error()};
    tip = fitted->tip_in_marker;
    tip_source = "fitted to the touches";
  }
  const auto touches = findLandmarkTouches(in.path.samples, tip);
  std::vector<Eigen::Vector3d> touched;
  std::vector<double> at;
  for (const auto& t : touches) touched.push_back(t.point), at.push_back(t.start_s);
  auto reg = fitLandmarkTouches(touched, at, in.landmarks, in.targets);
  if (!reg) return reg;
  reg->relative_to_head_ref = in.path.relative_to_reference;
  reg->pointer_tip = tip;
  reg->pointer_tip_source = tip_source;
  if (!in.scalp) return reg;
  // Too few sweep points is no error: the landmark fit stands.
  (void)refineWithSweep(*reg, sweepPoints(in.path, touches, tip), *in.scalp, in.landmarks,
                        in.targets);
  return reg;
}

}  // namespace tmsnav
