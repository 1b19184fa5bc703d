// `calibrate pivot` and `register`: a recording or a live server read on the tracker's
// thread (navigation/frame_collector), the solvers of tracking/, the files of io/.
#include <cstdio>
#include <iostream>

#include "app/cli/cli_support.h"
#include "app/cli/commands.h"
#include "app/host_port.h"
#include "core/atomic_file.h"
#include "core/clock.h"
#include "core/coords.h"
#include "imaging/head_model.h"
#include "imaging/image_io.h"
#include "imaging/scalp_points.h"
#include "io/json_util.h"
#include "io/plan_file.h"
#include "io/registration_file.h"
#include "io/sha256.h"
#include "navigation/coil_calibration.h"
#include "navigation/simulated_registration.h"

namespace tmsnav {

namespace {
const auto monotonic = monotonicSeconds;
const auto wall = wallSeconds;

// --replay is read as fast as possible; --igtl is listened to for --seconds.
Result<SourceSpec> trackedSource(const std::string& replay, const std::string& igtl,
                                 bool simulate = false) {
  if (!replay.empty() + !igtl.empty() + simulate != 1)
    return Error{simulate ? "give one of --replay, --igtl and --simulate"
                          : "give exactly one of --replay and --igtl"};
  if (simulate) return SourceSpec{SimulatedSourceSpec{}};
  if (!replay.empty()) return SourceSpec{ReplaySourceSpec{replay, 0.0, false, {}}};
  auto hp = parseHostPort(igtl);
  if (!hp) return Error{hp.error()};
  return SourceSpec{IgtlSourceSpec{hp->first, hp->second, {}}};
}

// The pointer in the reference tool's frame (HeadRef: registration; CoilMarker: coil
// calibration), read from the source.
Result<PointerPath> pointerPathFrom(const SourceSpec& spec, double seconds,
                                    const std::string& reference_tool = kHeadRefTool) {
  if (auto ok = checkSource(spec, std::nullopt); !ok) return Error{ok.error()};
  auto collected = collectFrames(spec, seconds, Clocks{monotonic, wall});
  if (!collected) return Error{collected.error()};
  PointerPath path = pointerPath(*collected, reference_tool);
  size_t usable = 0;
  for (const auto& s : path.samples) usable += s.pointer_to_reference.has_value();
  if (usable == 0)
    return Error{"no usable pointer pose in " + describe(spec) +
                 " (a tool named Pointer, Stylus or StylusToTracker, and " + reference_tool + ")"};
  return path;
}

Result<Eigen::Vector3d> parseTip(const std::string& text) {
  Eigen::Vector3d v;
  if (std::sscanf(text.c_str(), "%lf,%lf,%lf", &v.x(), &v.y(), &v.z()) != 3 || !v.allFinite())
    return Error{"--pointer-tip must be X,Y,Z (mm, in the pointer marker's frame)"};
  return v;
}

// The calibrated pointer's tip: pointer.json or --pointer-tip (one of them).
Result<Eigen::Vector3d> pointerTip(const std::string& pointer, const std::string& tip) {
  if (pointer.empty() == tip.empty())
    return Error{"give --pointer pointer.json or --pointer-tip X,Y,Z"};
  if (!tip.empty()) return parseTip(tip);
  auto c = readPointerCalibration(pointer);
  if (!c) return Error{c.error()};
  return c->pivot.tip_in_marker;
}
}  // namespace

int runCalibratePivot(const CalibrateArgs& a) {
  auto spec = trackedSource(a.replay, a.igtl);
  if (!spec) return fail(kExitBadInput, spec.error());
  if (!(a.max_rms_mm > 0)) return fail(kExitBadInput, "--max-rms-mm must be positive");
  auto path = pointerPathFrom(*spec, a.seconds);
  if (!path) return fail(kExitBadInput, path.error());
  std::vector<Eigen::Isometry3d> poses;
  for (const auto& s : path->samples)
    if (s.pointer_to_reference) poses.push_back(*s.pointer_to_reference);
  PivotOptions options;
  options.max_rms_mm = a.max_rms_mm;
  auto pivot = calibratePivot(poses, options);
  if (!pivot) return fail(kExitBadInput, pivot.error());
  PointerCalibration c{kPointerTool, path->relative_to_reference ? "HeadRef" : "Tracker", *pivot,
                       describe(*spec), utcNow()};
  return writeAndReport(pointerCalibrationJson(c), a.out, a.json,
                        "tip " + jsonVec(pivot->tip_in_marker).dump() + " mm, RMS " +
                            std::to_string(pivot->rms_mm) + " mm over " +
                            std::to_string(pivot->used) + " poses");
}

int runCalibrateCoil(const CalibrateArgs& a) {
  auto spec = trackedSource(a.replay, a.igtl);
  if (!spec) return fail(kExitBadInput, spec.error());
  if (a.coil.empty()) return fail(kExitBadInput, "give the coil model with --coil");
  auto model = readCoilTouchPoints(a.coil);
  if (!model) return fail(kExitBadInput, model.error());
  auto tip = pointerTip(a.pointer, a.pointer_tip);
  if (!tip) return fail(kExitBadInput, tip.error());
  auto path = pointerPathFrom(*spec, a.seconds, kCoilMarkerTool);
  if (!path) return fail(kExitBadInput, path.error());
  if (!path->relative_to_reference)
    return fail(kExitBadInput, "no coil marker in " + describe(*spec) + " (CoilToTracker or Coil)");
  auto cal = calibrateCoil(*path, *tip, *model);
  if (!cal) return fail(kExitBadInput, cal.error());
  return writeAndReport(
      coilCalibrationJson({*cal, a.coil, describe(*spec), utcNow()}), a.out, a.json,
      std::to_string(model->size()) + " touch points, FRE " + std::to_string(cal->fre_mm) + " mm");
}

namespace {
// The image landmarks: a CSV, or the plan's scalp landmarks touched nasion, lpa, rpa.
Result<std::vector<NamedPoint>> imageLandmarks(const RegisterArgs& a,
                                               const std::optional<Plan>& plan) {
  if (!a.landmarks.empty()) return readLandmarksCsv(a.landmarks);
  if (!plan) return Error{"give --landmarks FILE, or --plan with the scalp landmarks"};
  std::vector<NamedPoint> out;
  for (const char* name : {"nasion", "lpa", "rpa"}) {
    const auto it = plan->landmarks_lps.find(name);
    if (it == plan->landmarks_lps.end())
      return Error{a.plan + " has no '" + name + "' landmark: give --landmarks FILE"};
    out.push_back({name, it->second});
  }
  return out;
}

Result<std::optional<Plan>> planChecked(const RegisterArgs& a) {
  if (a.plan.empty() != a.mri.empty()) return Error{"give --mri and --plan together"};
  if (a.plan.empty()) return std::optional<Plan>();
  auto plan = readPlan(a.plan);
  if (!plan) return Error{plan.error()};
  auto sha = sha256File(a.mri);
  if (!sha) return Error{sha.error()};
  if (*sha != plan->mri_sha256)
    return Error{a.plan + " was made for another MRI than " + a.mri + " (SHA-256 differs)"};
  return std::optional<Plan>(std::move(*plan));
}

Result<LandmarkRegistrationInput> registrationInput(const RegisterArgs& a,
                                                    const std::optional<Plan>& plan) {
  LandmarkRegistrationInput in;
  auto landmarks = imageLandmarks(a, plan);
  if (!landmarks) return Error{landmarks.error()};
  in.landmarks = std::move(*landmarks);
  if (!a.pointer.empty() && !a.pointer_tip.empty())
    return Error{"give --pointer or --pointer-tip, not both"};
  if (!a.pointer.empty()) {
    auto c = readPointerCalibration(a.pointer);
    if (!c) return Error{c.error()};
    in.pointer_tip = c->pivot.tip_in_marker;
    in.pointer_tip_source = a.pointer;
  } else if (!a.pointer_tip.empty()) {
    auto tip = parseTip(a.pointer_tip);
    if (!tip) return Error{tip.error()};
    in.pointer_tip = *tip;
    in.pointer_tip_source = "given";
  }
  if (plan)
    for (const auto& t : plan->targets) in.targets.push_back({t.name, t.target_lps});
  return in;
}
}  // namespace

namespace {
// The patient's scalp for the sweep's refinement: segmented from --mri (head only).
Result<std::shared_ptr<const ScalpSurface>> patientScalp(const std::string& mri) {
  auto volume = loadHeadVolume(mri);
  if (!volume) return Error{volume.error()};
  auto model = buildHeadModel(*volume, terminalProgress());
  if (!model) return Error{mri + ": " + model.error()};
  return scalpSurfaceOf(model->scalp_lps);
}

nlohmann::json simulatedTruth(const SimulatedRegistration& sim, unsigned long long seed) {
  return {{"seed", seed},
          {"true_head_ref_to_mri_ras", jsonMat(rasMatrixFromLps(sim.truth.matrix()))},
          {"true_tre_mm", sim.true_tre_mm}};
}
}  // namespace

int runRegister(const RegisterArgs& a) {
  auto spec = trackedSource(a.replay, a.igtl, a.simulate);
  if (!spec) return fail(kExitBadInput, spec.error());
  if (a.simulate && a.mri.empty()) return fail(kExitBadInput, "--simulate needs --mri and --plan");
  auto plan = planChecked(a);
  if (!plan) return fail(kExitBadInput, plan.error());
  auto in = registrationInput(a, *plan);
  if (!in) return fail(kExitBadInput, in.error());
  if (!a.mri.empty()) {
    auto scalp = patientScalp(a.mri);
    if (!scalp) return fail(kExitBadInput, scalp.error());
    in->scalp = *scalp;
  }
  std::optional<SimulatedRegistration> sim;
  Result<PatientRegistration> reg = Error{"not registered"};
  if (a.simulate) {
    auto simulated = simulateRegistration(in->landmarks, in->scalp, in->targets, a.seed);
    if (!simulated) return fail(kExitBadInput, simulated.error());
    sim = *simulated;
    reg = sim->registration;
  } else {
    auto path = pointerPathFrom(*spec, a.seconds);
    if (!path) return fail(kExitBadInput, path.error());
    in->path = std::move(*path);
    reg = registerLandmarks(*in);
  }
  if (!reg) return fail(kExitBadInput, reg.error());
  RegistrationRecord record;
  record.registration = *reg;
  record.source = a.simulate ? "simulated pointer" : describe(*spec);
  record.time = utcNow();
  if (*plan) record.mri_path = (*plan)->mri_path, record.mri_sha256 = (*plan)->mri_sha256;
  auto j = nlohmann::json::parse(registrationJson(record));
  if (sim) j["simulated"] = simulatedTruth(*sim, a.seed);
  if (auto w = writeTextAtomically(a.out, j.dump(2) + "\n"); !w)
    return fail(kExitFailure, w.error());
  if (a.json) {
    j["out"] = a.out;
    printJson(j);
  } else {
    std::cout << reg->landmarks.size() << " landmarks, FRE " << reg->fre_mm << " mm";
    if (reg->icp)
      std::cout << "; " << reg->sweep_points << " scalp points: mean distance "
                << reg->icp->mean_before_mm << " -> " << reg->icp->mean_after_mm << " mm";
    for (const auto& [name, tre] : reg->predicted_tre_mm)
      std::cout << "; predicted TRE at " << name << " " << tre << " mm";
    std::cout << " -> " << a.out << "\n";
  }
  return kExitOk;
}

}  // namespace tmsnav
