#pragma once
// The E-field in the app (issue 29): the session's coil/stimulator pair and intensity, the
// pulses' E at the target, and the live map's worker fed with the newest usable pose. A
// pose that is not usable (stale, missing, unregistered: the navigation snapshot's
// guidance says not tracking) is never mapped: the map is then withheld with the reason.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "app/cli/efield_cli.h"
#include "app/gui/load_job.h"
#include "navigation/navigation_session.h"
#include "planning/live_field.h"
#include "planning/target_field.h"

namespace tmsnav {

struct StimulationSettings {
  std::string coil = "figure8_70mm";  // under assets/coils; its first stimulator
  double intensity_pct_mso = 100.0;
  bool operator==(const StimulationSettings&) const = default;
};

// What views show: the newest map for the current usable pose, or why there is none.
struct LiveFieldView {
  bool active = false;  // a map runs for this session (a patient with a brain model)
  std::shared_ptr<const LiveField> field;  // only while the pose is usable
  std::string why_not;                     // when field is null
  double intensity_pct_mso = 0.0;
  double scale_v_per_m = 0.0;
  std::uint64_t published = 0, dropped = 0;
};

class FieldSession {
 public:
  [[nodiscard]] Result<Done> setStimulation(const StimulationSettings& s);
  const StimulationSettings& stimulation() const { return settings_; }
  // At the start of navigation: the journal's stimulation, the pulses' field model and the
  // live map for this patient and target. Without an inner skull or cortex there is no
  // field (the reason is kept for the banner); the session runs all the same.
  void prepare(NavigationRequest& request, const LoadedPatient* patient,
               const PlannedTarget& target);
  // Every UI frame: the newest usable pose goes to the worker (when it moved).
  void feed(const GuidanceUpdate& g, bool tracking);
  void reset();  // another patient
  LiveFieldView view() const;

 private:
  StimulationSettings settings_;
  std::unique_ptr<LiveFieldWorker> worker_;
  std::shared_ptr<const TargetField> pulse_field_;  // its search structure is built once
  std::string unavailable_;                         // why there is no map at all
  bool usable_ = false;
  std::string why_not_;
  std::optional<Eigen::Isometry3d> sent_;
  std::uint64_t serial_ = 0;
  std::uint64_t first_serial_ = 1;  // maps of poses before the pose last became usable: hidden
  // What the running worker was made for: the same patient, target and intensity reuse it.
  const LoadedPatient* for_patient_ = nullptr;
  Eigen::Matrix4d for_target_ = Eigen::Matrix4d::Zero();
  StimulationSettings for_settings_;
};

}  // namespace tmsnav
