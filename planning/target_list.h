#pragma once
// The targets planned on one patient: every target set is kept for comparison and one is
// active (guided to). A target of the same name replaces the old one. Atlas targets keep
// their region's patch on the cortex (1 per cortex vertex inside it) for display.
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "imaging/mni_registration.h"
#include "planning/plan_builder.h"
#include "planning/planning_context.h"

namespace tmsnav {

class TargetList {
 public:
  // Makes `t` the active target, replacing one of the same name.
  void put(PlannedTarget t);
  [[nodiscard]] Result<Done> select(size_t index);
  [[nodiscard]] Result<Done> remove(size_t index);
  void clear();

  const PlannedTarget* active() const {
    return active_ < targets_.size() ? &targets_[active_] : nullptr;
  }
  const std::vector<PlannedTarget>& all() const { return targets_; }
  size_t activeIndex() const { return active_; }
  void setPatch(const std::string& target_name, std::vector<unsigned char> patch);
  const std::vector<unsigned char>* activePatch() const;

 private:
  std::vector<PlannedTarget> targets_;
  size_t active_ = 0;
  std::map<std::string, std::vector<unsigned char>> patches_;  // by target name
};

// What planning on one loaded patient needs, handed in (no fixed paths inside).
struct PatientPlanningInputs {
  const PlanSurfaces* surfaces = nullptr;         // scalp and cortex with their search structures
  const MniRegistration* registration = nullptr;  // null: no MNI, atlas or scalp-rule targets
  std::string registration_note;                  // why there is none, for the message
  std::map<std::string, Eigen::Vector3d> fiducials_mni_lps;  // nasion, inion, lpa, rpa
  std::string template_dir;                                  // atlases
};

// Everything a planning edit can change, as a value: what undo goes back to.
struct PlannerState {
  TargetList list;
  std::optional<std::map<std::string, Eigen::Vector3d>> landmarks;  // none: not measured yet
};

// Planning on one patient, as the app does it: specs resolved in one PlanningContext
// (landmarks measured once), planned with the same planner as the CLI, kept in a list.
class PatientPlanner {
 public:
  PatientPlanner(PatientPlanningInputs inputs, std::shared_ptr<AtlasCache> atlases);

  [[nodiscard]] Result<Done> plan(const TargetSpec& spec);
  [[nodiscard]] Result<Done> setLandmark(const std::string& name, const Eigen::Vector3d& p_lps);
  TargetList& list() { return list_; }
  const TargetList& list() const { return list_; }
  std::map<std::string, Eigen::Vector3d> landmarks() const;  // once planning has used them
  // The scalp landmarks, measured now if no target has needed them yet.
  std::map<std::string, Eigen::Vector3d> scalpLandmarks() { return context().landmarks(); }
  std::optional<BeamF3> beamF3() const;
  PlannerState state() const;
  void restore(const PlannerState& state);

 private:
  PlanningContext& context();
  void computeAtlasPatch(const ResolvedTarget& r);

  PatientPlanningInputs inputs_;
  std::shared_ptr<AtlasCache> atlases_;
  std::unique_ptr<PlanningContext> context_;  // landmarks and 10-20 positions, on first use
  TargetList list_;
};

}  // namespace tmsnav
