#include "app/gui/field_session.h"

#include "efield/coil_field.h"

namespace tmsnav {

namespace {
// One thread: beside the UI, tracker and 3-D view threads on two cores, a second one made
// the map slower under load (bench_efield: 26 maps/s on 1 thread, 19 on 2, load ~9).
constexpr int kLiveThreads = 1;
// A held coil is never exactly still (tracker jitter ~0.1 mm, tremor): a map is made again
// when the coil moved or turned this much since the pose it was made for. Lifting the coil
// 4 mm lowers E at the target by ~15 % (issue 29), so 0.5 mm changes it by ~2 %, within the
// sphere model's own 5-15 %; the map never lags a real move by more than this.
constexpr double kRemapMoveMm = 0.5;
constexpr double kRemapTurnRad = 0.5 * 3.14159265358979323846 / 180.0;

bool movedEnough(const Eigen::Isometry3d& from, const Eigen::Isometry3d& to) {
  if ((to.translation() - from.translation()).norm() > kRemapMoveMm) return true;
  return Eigen::AngleAxisd(from.linear().transpose() * to.linear()).angle() > kRemapTurnRad;
}
}  // namespace

Result<Done> FieldSession::setStimulation(const StimulationSettings& s) {
  if (!(s.intensity_pct_mso > 0 && s.intensity_pct_mso <= 100))
    return Error{"the intensity is above 0 and at most 100 %MSO"};
  auto coil = loadEfieldCoil(s.coil, s.intensity_pct_mso, 0.0);
  if (!coil) return Error{coil.error()};
  settings_ = s;
  return Done{};
}

void FieldSession::reset() {
  worker_.reset();
  pulse_field_.reset();
  for_patient_ = nullptr;
  sent_.reset();
  unavailable_.clear();
}

void FieldSession::prepare(NavigationRequest& request, const LoadedPatient* patient,
                           const PlannedTarget& target) {
  auto coil = loadEfieldCoil(settings_.coil, settings_.intensity_pct_mso, 0.0);
  sent_.reset();
  if (!coil) {
    unavailable_ = coil.error();
    worker_.reset();
    pulse_field_.reset();
    return;
  }
  request.header.stimulation =
      Stimulation{coil->coil.definition.id, coil->coil.stimulator.name,
                  coil->coil.stimulator.didt_at_100_a_per_us, settings_.intensity_pct_mso};
  const HeadModel* m = patient ? &patient->model : nullptr;
  if (!m || !m->cortex_lps || !m->inner_skull_lps || m->inner_skull_lps->GetNumberOfCells() == 0) {
    unavailable_ = "no E-field: this MRI has no brain model (cortex and inner skull)";
    worker_.reset();
    pulse_field_.reset();
    return;
  }
  unavailable_.clear();
  const Eigen::Matrix4d pose = target.target_to_mri.matrix();
  const bool same = worker_ && pulse_field_ && for_patient_ == patient && for_target_ == pose &&
                    for_settings_ == settings_;
  if (!same)
    pulse_field_ =
        std::make_shared<const TargetField>(m->inner_skull_lps, coil->reference, target.target_lps);
  request.target_field = [f = pulse_field_](const Eigen::Isometry3d& coil_to_mri, double didt) {
    return (*f)(coil_to_mri, didt);
  };
  if (same) return;  // the running map is for this patient, target and intensity
  LiveFieldSetup setup;
  setup.cortex_lps = m->cortex_lps;
  setup.inner_skull_lps = m->inner_skull_lps;
  setup.map_coil = std::move(coil->live);
  setup.reference_coil = std::move(coil->reference);
  setup.target_lps = target.target_lps;
  setup.planned_pose = target.target_to_mri.iso();
  setup.didt_a_per_us = coil->didt_a_per_us;
  setup.threads = kLiveThreads;
  worker_ = std::make_unique<LiveFieldWorker>(std::move(setup));
  for_patient_ = patient;
  for_target_ = pose;
  for_settings_ = settings_;
}

// The navigation snapshot's guidance is "not tracking", with the reason, unless its pose is
// usable: that is the one definition used here.
void FieldSession::feed(const GuidanceUpdate& g, bool tracking) {
  const bool was_usable = usable_;
  usable_ = tracking && g.state != GuidanceState::NotTracking && g.coil_to_mri.has_value();
  if (usable_ && !was_usable) {
    first_serial_ = serial_ + 1;  // nothing mapped before the gap is shown after it
    sent_.reset();
  }
  if (!usable_) {
    why_not_ = !tracking ? "not tracking" : g.reason.empty() ? "no usable coil pose" : g.reason;
    return;
  }
  why_not_.clear();
  if (!worker_) return;
  const Eigen::Isometry3d pose = g.coil_to_mri->iso();
  if (sent_ && !movedEnough(*sent_, pose)) return;  // a held coil costs nothing
  sent_ = pose;
  worker_->request(++serial_, pose);
}

LiveFieldView FieldSession::view() const {
  LiveFieldView v;
  v.intensity_pct_mso = settings_.intensity_pct_mso;
  if (!worker_) {
    v.why_not = unavailable_.empty() ? "not tracking" : unavailable_;
    return v;
  }
  v.active = true;
  v.scale_v_per_m = worker_->scale();
  v.published = worker_->published();
  v.dropped = worker_->dropped();
  if (const std::string e = worker_->setupError(); !e.empty()) {
    v.why_not = e;
    return v;
  }
  if (!usable_) {
    v.why_not = why_not_;
    return v;
  }
  auto field = worker_->latest();
  if (!field || field->serial < first_serial_) {
    v.why_not = "computing";
    return v;
  }
  if (!field->error.empty()) {
    v.why_not = field->error;
    return v;
  }
  v.field = std::move(field);
  return v;
}

}  // namespace tmsnav
