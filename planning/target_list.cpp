#include "planning/target_list.h"

#include <algorithm>

#include "imaging/atlas.h"

namespace tmsnav {

void TargetList::put(PlannedTarget t) {
  auto same = std::find_if(targets_.begin(), targets_.end(),
                           [&](const PlannedTarget& o) { return o.name == t.name; });
  if (same == targets_.end())
    same = targets_.insert(targets_.end(), std::move(t));
  else
    *same = std::move(t);
  active_ = static_cast<size_t>(same - targets_.begin());
}

Result<Done> TargetList::select(size_t index) {
  if (index >= targets_.size()) return Error{"no such target"};
  active_ = index;
  return Done{};
}

Result<Done> TargetList::remove(size_t index) {
  if (index >= targets_.size()) return Error{"no such target"};
  patches_.erase(targets_[index].name);
  targets_.erase(targets_.begin() + static_cast<long>(index));
  if (active_ > index || active_ == targets_.size()) active_ = active_ == 0 ? 0 : active_ - 1;
  return Done{};
}

void TargetList::clear() {
  targets_.clear();
  patches_.clear();
  active_ = 0;
}

void TargetList::setPatch(const std::string& target_name, std::vector<unsigned char> patch) {
  patches_[target_name] = std::move(patch);
}

const std::vector<unsigned char>* TargetList::activePatch() const {
  const PlannedTarget* t = active();
  if (!t) return nullptr;
  const auto it = patches_.find(t->name);
  return it == patches_.end() ? nullptr : &it->second;
}

PatientPlanner::PatientPlanner(PatientPlanningInputs inputs, std::shared_ptr<AtlasCache> atlases)
    : inputs_(std::move(inputs)), atlases_(std::move(atlases)) {}

PlanningContext& PatientPlanner::context() {
  if (!context_) {
    std::map<std::string, Eigen::Vector3d> landmarks;
    if (inputs_.registration)
      landmarks = tmsnav::scalpLandmarks(inputs_.surfaces->scalp, *inputs_.registration,
                                         inputs_.fiducials_mni_lps);
    context_ =
        std::make_unique<PlanningContext>(inputs_.surfaces->scalp, inputs_.registration,
                                          std::move(landmarks), *atlases_, inputs_.template_dir);
  }
  return *context_;
}

std::map<std::string, Eigen::Vector3d> PatientPlanner::landmarks() const {
  return context_ ? context_->landmarks() : std::map<std::string, Eigen::Vector3d>{};
}

std::optional<BeamF3> PatientPlanner::beamF3() const {
  return context_ ? context_->beamF3Result() : std::nullopt;
}

PlannerState PatientPlanner::state() const {
  return {list_, context_ ? std::optional(context_->landmarks()) : std::nullopt};
}

void PatientPlanner::restore(const PlannerState& state) {
  list_ = state.list;
  if (state.landmarks) context().restoreLandmarks(*state.landmarks);
}

Result<Done> PatientPlanner::setLandmark(const std::string& name, const Eigen::Vector3d& p_lps) {
  return context().setLandmark(name, p_lps);
}

Result<Done> PatientPlanner::plan(const TargetSpec& spec) {
  auto resolved = context().resolve(spec);
  if (!resolved) {
    const bool needs_mni = std::holds_alternative<target::MniPoint>(spec.source) ||
                           std::holds_alternative<target::AtlasRegion>(spec.source);
    if (!inputs_.registration && needs_mni)
      return Error{"this target needs the MNI registration: " + inputs_.registration_note};
    return Error{resolved.error()};
  }
  auto t = planTarget(*inputs_.surfaces, *resolved, PlanOptions{}, inputs_.registration);
  if (!t) return Error{t.error()};
  list_.put(std::move(*t));
  if (resolved->atlas) computeAtlasPatch(*resolved);
  return Done{};
}

// The region's label carried onto the patient's cortex through the MNI registration.
// A missing atlas only costs the patch.
void PatientPlanner::computeAtlasPatch(const ResolvedTarget& r) {
  constexpr double kLabelReachMm = 2.0;  // cortex vertices lie just outside labelled voxels
  vtkPolyData* cortex = inputs_.surfaces->cortex.surface();
  if (!cortex || !inputs_.registration) return;
  std::vector<Eigen::Vector3d> points_mni(static_cast<size_t>(cortex->GetNumberOfPoints()));
  for (vtkIdType i = 0; i < cortex->GetNumberOfPoints(); ++i) {
    Eigen::Vector3d p;
    cortex->GetPoint(i, p.data());
    points_mni[static_cast<size_t>(i)] = inputs_.registration->toMni(p);
  }
  if (auto inside = regionContains(*r.atlas, points_mni, kLabelReachMm, *atlases_))
    list_.setPatch(r.name, std::move(*inside));
}

}  // namespace tmsnav
