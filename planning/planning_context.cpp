#include "planning/planning_context.h"

#include <cstdio>

namespace tmsnav {

PlanningContext::PlanningContext(const SurfaceIndex& scalp, const MniRegistration* registration,
                                 std::map<std::string, Eigen::Vector3d> landmarks_lps,
                                 AtlasCache& atlases, std::string template_dir)
    : scalp_(scalp),
      registration_(registration),
      landmarks_(std::move(landmarks_lps)),
      atlases_(atlases),
      template_dir_(std::move(template_dir)) {
  if (registration_) registered_landmarks_ = landmarks_;
}

Result<AtlasTarget> resolveAtlasTarget(const std::string& region, const std::string& template_dir,
                                       AtlasCache& atlases) {
  auto r = resolveAtlasRegion(region, template_dir);
  if (!r) return Error{r.error()};
  auto centroid = regionCentroidMni(*r, atlases);
  if (!centroid) return Error{centroid.error()};
  return AtlasTarget{*r, {*centroid}};
}

std::map<std::string, Eigen::Vector3d> scalpLandmarks(
    const SurfaceIndex& scalp, const MniRegistration& registration,
    const std::map<std::string, Eigen::Vector3d>& fiducials) {
  std::map<std::string, Eigen::Vector3d> out;
  for (const auto& [name, p_mni] : fiducials)
    if (auto p = scalp.nearest(registration.toSubject(p_mni))) out[name] = *p;
  return out;
}

Result<ScalpLandmarks> PlanningContext::scalpLandmarksStruct() const {
  for (const char* name : {"nasion", "inion", "lpa", "rpa"})
    if (!landmarks_.count(name))
      return Error{"scalp rules need the scalp landmarks (MNI registration)"};
  return ScalpLandmarks{landmarks_.at("nasion"), landmarks_.at("inion"), landmarks_.at("lpa"),
                        landmarks_.at("rpa")};
}

Result<Done> PlanningContext::setLandmark(const std::string& name, const Eigen::Vector3d& p_lps) {
  if (name != "nasion" && name != "inion" && name != "lpa" && name != "rpa")
    return Error{"landmarks are nasion, inion, lpa and rpa, not '" + name + "'"};
  auto on_scalp = scalp_.nearest(p_lps);
  if (!on_scalp) return Error{on_scalp.error()};
  landmarks_[name] = *on_scalp;
  landmarks_by_hand_ = true;
  ten_twenty_.clear();
  beam_f3_.reset();
  return Done{};
}

void PlanningContext::restoreLandmarks(std::map<std::string, Eigen::Vector3d> landmarks_lps) {
  landmarks_ = std::move(landmarks_lps);
  ten_twenty_.clear();
  beam_f3_.reset();
}

Result<Done> PlanningContext::landmarksAgree() const {
  if (!landmarks_by_hand_) return Done{};
  for (const auto& [name, p] : landmarks_) {
    const auto it = registered_landmarks_.find(name);
    if (it == registered_landmarks_.end()) continue;
    const double off = (p - it->second).norm();
    if (off >= kLandmarkDisagreementMm) {
      char text[320];
      std::snprintf(text, sizeof text,
                    "the %s you placed is %.0f mm from where the MNI registration puts it "
                    "(more than %.0f mm): the registration does not fit this head, so MNI and "
                    "atlas targets are refused; check the landmark, or place the target by hand",
                    name.c_str(), off, kLandmarkDisagreementMm);
      return Error{text};
    }
  }
  return Done{};
}

Result<Point<frame::Mri>> PlanningContext::toSubject(const TargetSpec& spec,
                                                     const Point<frame::Mni>& p_mni) const {
  if (!registration_) return Error{spec.name + ": needs the MNI registration"};
  if (registration_->unusable) return Error{spec.name + ": " + *registration_->unusable};
  if (auto agree = landmarksAgree(); !agree) return Error{spec.name + ": " + agree.error()};
  return registration_->toSubject(p_mni);
}

// A scalp rule's position on this patient's scalp (measured along the scalp from the
// landmarks).
Result<Eigen::Vector3d> PlanningContext::scalpPosition(const TargetSpec& spec) {
  // The landmarks came from the registration unless placed by hand.
  if (registration_ && registration_->unusable && !landmarks_by_hand_)
    return Error{spec.name + ": " + *registration_->unusable};
  auto lm = scalpLandmarksStruct();
  if (!lm) return Error{lm.error()};
  if (const auto* tt = std::get_if<target::TenTwenty>(&spec.source)) {
    if (ten_twenty_.empty()) {
      auto positions = tenTwentyPositions(scalp_.surface(), *lm);
      if (!positions) return Error{positions.error()};
      ten_twenty_ = *positions;
    }
    const auto it = ten_twenty_.find(tt->position);
    if (it == ten_twenty_.end())
      return Error{spec.name + ": known 10-20 positions are " + kTenTwentyNames};
    return it->second;
  }
  if (const auto* bf = std::get_if<target::BeamF3>(&spec.source)) {
    auto b = beamF3(scalp_.surface(), *lm, bf->adjusted ? kBeamF3AdjustmentMm : 0.0);
    if (!b) return Error{spec.name + ": " + b.error()};
    beam_f3_ = *b;
    return b->point_lps;
  }
  const auto& rule = std::get<target::ScalpRule>(spec.source);
  auto p = anteriorAlongScalp(scalp_.surface(), *lm, rule.hotspot.p, rule.distance_mm);
  if (!p) return Error{spec.name + ": " + p.error()};
  return *p;
}

Result<ResolvedTarget> PlanningContext::resolve(const TargetSpec& spec) {
  ResolvedTarget r;
  r.name = spec.name;
  r.method = methodName(spec);
  if (const auto* s = std::get_if<target::SubjectPoint>(&spec.source)) {
    r.p = s->p;
    if (s->on_scalp) r.kind = ResolvedTarget::Kind::ScalpPosition;  // the cortex beneath it
    return r;
  }
  if (const auto* m = std::get_if<target::MniPoint>(&spec.source)) {
    auto p = toSubject(spec, m->p);
    if (!p) return Error{p.error()};
    r.kind = ResolvedTarget::Kind::MniPoint;
    r.p = *p;
    r.p_mni = m->p;
    return r;
  }
  if (const auto* a = std::get_if<target::AtlasRegion>(&spec.source)) {
    auto atlas = resolveAtlasTarget(a->region, template_dir_, atlases_);
    if (!atlas) return Error{atlas.error()};
    auto p = toSubject(spec, atlas->centroid);
    if (!p) return Error{p.error()};
    r.kind = ResolvedTarget::Kind::AtlasCentroid;
    r.p = *p;
    r.p_mni = atlas->centroid;
    r.atlas = atlas->region;
    return r;
  }
  auto p = scalpPosition(spec);
  if (!p) return Error{p.error()};
  r.kind = ResolvedTarget::Kind::ScalpPosition;
  r.p.p = *p;
  return r;
}

}  // namespace tmsnav
