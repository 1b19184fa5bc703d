// `tmsnav efield`: the field the coil induces, on the plan's cortex (--plan) or at given
// points in a sphere (--sphere-center-ras-mm). The model: efield/ and
// planning/efield_on_patient.h.
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "app/cli/cli_support.h"
#include "app/cli/commands.h"
#include "app/cli/efield_cli.h"
#include "app/cli/scene_shot.h"
#include "core/coords.h"
#include "imaging/image_io.h"
#include "io/json_util.h"
#include "planning/efield_on_patient.h"
#include "tracking/rigid.h"

namespace tmsnav {

namespace {
constexpr size_t kMaxPoints = 1000000;
constexpr int kFieldThreads = 2;

double secondsSince(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

Result<Eigen::Vector3d> parseTriple(const std::string& text, const char* what) {
  Eigen::Vector3d v;
  char c1 = 0, c2 = 0;
  std::istringstream in(text);
  if (!(in >> v.x() >> c1 >> v.y() >> c2 >> v.z()) || c1 != ',' || c2 != ',' || !v.allFinite())
    return Error{std::string(what) + " must be X,Y,Z (mm), got '" + text + "'"};
  std::string rest;
  if (in >> rest) return Error{std::string(what) + " must be X,Y,Z (mm), got '" + text + "'"};
  return v;
}

// A 4x4 coil_to_mri_ras inline ('[[1,0,0,0],...]') or in a file (the matrix, or an object
// with coil_to_mri_ras); rigid, returned in LPS.
Result<Eigen::Isometry3d> parsePose(const std::string& text) {
  nlohmann::json j;
  const auto first = text.find_first_not_of(" \t");
  if (first != std::string::npos && text[first] == '[') {
    j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_discarded()) return Error{"--coil-pose-ras is not a JSON matrix"};
  } else {
    auto obj = readJsonObject(text, 1 << 20);
    if (!obj) {
      std::ifstream in(text);
      j = nlohmann::json::parse(in, nullptr, false);
      if (!in || j.is_discarded()) return Error{"--coil-pose-ras: cannot read " + text};
    } else {
      j = obj->value("coil_to_mri_ras", nlohmann::json());
    }
  }
  auto m = parseMat(j, "--coil-pose-ras");
  if (!m) return Error{m.error()};
  auto rigid = toRigid(lpsMatrixFromRas(*m));
  if (!rigid) return Error{"--coil-pose-ras: " + rigid.error()};
  return *rigid;
}

// x,y,z per line in RAS mm; a first line that is not numbers is a header.
Result<std::vector<Eigen::Vector3d>> readPointsCsv(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Error{"cannot read points " + path};
  std::vector<Eigen::Vector3d> out;
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    auto p = parseTriple(line, "a points line");
    if (!p) {
      if (n == 1) continue;  // header
      return Error{path + " line " + std::to_string(n) + ": " + p.error()};
    }
    if (out.size() >= kMaxPoints) return Error{path + " has more than 1000000 points"};
    out.push_back(*p);
  }
  if (out.empty()) return Error{path + " holds no points"};
  return out;
}

int runSphereMode(const EfieldArgs& a, const EfieldCoil& coil) {
  auto centre_ras = parseTriple(a.sphere_center_ras_mm, "--sphere-center-ras-mm");
  if (!centre_ras) return fail(kExitBadInput, centre_ras.error());
  if (a.coil_pose_ras.empty() || a.points.empty())
    return fail(kExitBadInput, "sphere mode needs --coil-pose-ras and --points");
  auto pose = parsePose(a.coil_pose_ras);
  if (!pose) return fail(kExitBadInput, pose.error());
  auto points = readPointsCsv(a.points);
  if (!points) return fail(kExitBadInput, points.error());
  std::vector<Eigen::Vector3d> p_lps;
  for (const auto& p : *points) p_lps.push_back(lpsFromRas(p));
  const auto placed = efield::placeCoil(coil.reference, *pose, lpsFromRas(*centre_ras));
  // The sphere model holds for points inside the conductor and a coil outside it: every
  // point nearer the centre than every dipole (a coil at the centre gives numbers that mean
  // nothing).
  const double nearest_dipole_mm =
      1000.0 * *std::min_element(placed.r0_norm_m.begin(), placed.r0_norm_m.end());
  for (size_t i = 0; i < p_lps.size(); ++i)
    if ((p_lps[i] - placed.centre_mm).norm() >= nearest_dipole_mm)
      return fail(kExitBadInput,
                  "point " + std::to_string(i + 1) + " is " +
                      std::to_string((p_lps[i] - placed.centre_mm).norm()) +
                      " mm from the sphere centre, not inside the coil's nearest dipole (" +
                      std::to_string(nearest_dipole_mm) +
                      " mm): the coil must lie outside the head, the points inside");
  const auto e = efield::fieldAtPoints(placed, p_lps, coil.didt_a_per_us, kFieldThreads);
  nlohmann::json out = {{"points", nlohmann::json::array()},
                        {"didt_a_per_us", coil.didt_a_per_us},
                        {"coil", coil.coil.definition.id}};
  for (size_t i = 0; i < points->size(); ++i)
    out["points"].push_back(
        {{"ras_mm", jsonVec((*points)[i])}, {"e_v_per_m", jsonVec(rasFromLps(e[i]))}});
  if (a.json) {
    printJson(out);
  } else {
    for (size_t i = 0; i < points->size(); ++i)
      std::cout << jsonVec((*points)[i]).dump() << " RAS mm: |E| " << e[i].norm() << " V/m\n";
  }
  return kExitOk;
}

Result<const PlannedTarget*> chooseTarget(const Plan& plan, const std::string& name) {
  if (name.empty()) return &plan.targets.front();
  for (const auto& t : plan.targets)
    if (t.name == name) return &t;
  return Error{noTargetNamed(plan, name)};
}

nlohmann::json sweepJson(const HandleSweep& s) {
  nlohmann::json curve = nlohmann::json::array();
  for (const auto& [deg, v] : s.sweep.curve) curve.push_back({deg, v});
  return {{"best_handle_angle_deg", s.sweep.best_angle_deg},
          {"best_e_v_per_m", s.sweep.best_value},
          {"planned_handle_angle_deg", s.planned_angle_deg},
          {"gain_pct", s.gain_pct},
          {"angle_curve_spread_pct", efield::curveSpreadPct(s.sweep)},
          {"angle_sweep_deg", {s.planned_angle_deg - 90.0, s.planned_angle_deg + 90.0}},
          {"angle_curve_deg_v_per_m", curve}};
}

Result<Done> writeOutputs(const EfieldArgs& a, const EfieldHead& head, const PlannedTarget& target,
                          const CortexField& field, double target_e) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(a.out, ec);
  if (ec) return Error{"cannot create " + a.out + ": " + ec.message()};
  auto mesh = cortexWithField(head.model.cortex_lps, field);
  if (auto w = writeMeshRas(mesh, (fs::path(a.out) / "efield.vtp").string()); !w) return w;
  std::unique_ptr<PrivateXvfb> xvfb;
  if (ensureDisplay(xvfb) != kExitOk) return Error{"no display for efield.png"};
  Shot shot;
  shot.width = 1280, shot.height = 800;
  std::ostringstream caption;
  caption.setf(std::ios::fixed);
  caption.precision(0);
  caption << "E at " << target.name << " " << target_e << " V/m (" << a.intensity_pct_mso
          << " %MSO), peak " << field.peak << " V/m";
  shot.caption = caption.str();
  shot.cortex_lps = mesh;
  shot.scalp_opacity = 0.0;
  shot.cortex_array = "E_magnitude_v_per_m";
  shot.cortex_array_max = field.peak;
  shot.cortex_legend = "E (V/m)";
  return renderPlanShot(head.model.scalp_lps, target, shot,
                        (fs::path(a.out) / "efield.png").string());
}
}  // namespace

int runEfield(const EfieldArgs& a) {
  const auto t0 = std::chrono::steady_clock::now();
  auto coil = loadEfieldCoil(a.coil, a.intensity_pct_mso, a.didt_a_per_us);
  if (!coil) return fail(kExitBadInput, coil.error());
  if (!a.sphere_center_ras_mm.empty()) {
    if (!a.plan.empty())
      return fail(kExitBadInput, "give --plan or --sphere-center-ras-mm, not both");
    return runSphereMode(a, *coil);
  }
  if (a.plan.empty())
    return fail(kExitBadInput, "give --plan plan.json (or the sphere mode's options)");
  auto plan = readPlan(a.plan);
  if (!plan) return fail(kExitBadInput, plan.error());
  auto target = chooseTarget(*plan, a.target);
  if (!target) return fail(kExitBadInput, target.error());
  const PlannedTarget& t = **target;
  auto head = loadEfieldHead(*plan);
  if (!head) return fail(kExitBadInput, head.error());
  const double segment_s = secondsSince(t0);
  const auto tf = std::chrono::steady_clock::now();
  const Eigen::Isometry3d pose = t.target_to_mri.iso();
  auto sphere = fitLocalSphere(*(*head)->inner_skull, pose, a.sphere_fit_radius_mm);
  if (!sphere) return fail(kExitBadInput, t.name + ": " + sphere.error());
  const Eigen::Vector3d centre = sphere->sphere.centre_mm;
  const auto reference = efield::placeCoil(coil->reference, pose, centre);
  const PointField at = pointField(reference, t.target_lps, *(*head)->cortex, coil->didt_a_per_us);
  const CortexField field =
      cortexField((*head)->model.cortex_lps, efield::placeCoil(coil->live, pose, centre),
                  coil->didt_a_per_us, kFieldThreads);
  const double field_s = secondsSince(tf);
  const Eigen::Vector3d axis = pose.linear().col(2);
  const Eigen::Vector3d to_peak = field.peak_lps - pose.translation();
  nlohmann::json out = {
      {"target", t.name},
      {"target_ras_mm", jsonVec(rasFromLps(t.target_lps))},
      {"target_e_v_per_m", at.magnitude},
      {"target_e_normal_v_per_m", at.normal},
      {"target_e_direction_ras", jsonVec(rasFromLps(at.e_lps.normalized()))},
      {"target_e_mean_within_mm", kDoseAverageRadiusMm},
      {"target_e_mean_v_per_m", at.mean_magnitude_nearby},
      {"peak_e_v_per_m", field.peak},
      {"peak_ras_mm", jsonVec(rasFromLps(field.peak_lps))},
      {"peak_to_target_mm", (field.peak_lps - t.target_lps).norm()},
      {"peak_to_coil_axis_mm", (to_peak - to_peak.dot(axis) * axis).norm()},
      {"half_peak_area_cm2", field.half_peak_area_cm2},
      {"sphere_center_ras_mm", jsonVec(rasFromLps(centre))},
      {"sphere_radius_mm", sphere->sphere.radius_mm},
      {"sphere_fit_rms_mm", sphere->sphere.rms_mm},
      {"sphere_fit_within_mm", a.sphere_fit_radius_mm},
      {"sphere_fit_points", sphere->sphere.points},
      {"didt_a_per_us", coil->didt_a_per_us},
      {"intensity_pct_mso",
       a.didt_a_per_us > 0 ? nlohmann::json(nullptr) : nlohmann::json(a.intensity_pct_mso)},
      {"coil", coil->coil.definition.id},
      {"stimulator", coil->coil.stimulator.name},
      {"dipoles", {{"reference", coil->reference.size()}, {"map", coil->live.size()}}},
      {"cortex_vertices", field.magnitude.size()},
      {"model",
       "magnetic dipoles in a sphere (Heller and van Hulsteyn 1992) fitted to the "
       "inner skull under the coil: an estimate; realistic head models differ by up "
       "to ~30 %"}};
  if (a.optimize_angle) {
    PlanOptions options;
    options.handle_angle_rad = plan->handle_angle_rad;
    options.scalp_offset_mm = plan->scalp_offset_mm;
    auto sweep =
        sweepHandleAngle(*(*head)->scalp, t, options, coil->reference, centre, coil->didt_a_per_us);
    if (!sweep) return fail(kExitBadInput, sweep.error());
    out.update(sweepJson(*sweep));
  }
  if (!a.out.empty()) {
    if (auto w = writeOutputs(a, **head, t, field, at.magnitude); !w)
      return fail(kExitFailure, w.error());
    out["out"] = a.out;
  }
  out["seconds"] = {{"segment", segment_s}, {"field", field_s}, {"total", secondsSince(t0)}};
  if (a.json) {
    printJson(out);
    return kExitOk;
  }
  std::cout << t.name << ": |E| " << at.magnitude << " V/m (normal " << at.normal << " V/m), peak "
            << field.peak << " V/m " << (field.peak_lps - t.target_lps).norm()
            << " mm from the target, " << field.half_peak_area_cm2 << " cm2 above half peak, at "
            << coil->didt_a_per_us << " A/us\n";
  if (a.optimize_angle)
    std::cout << "best handle angle " << out["best_handle_angle_deg"].get<double>() << " deg (+"
              << out["gain_pct"].get<double>() << " % over the planned angle)\n";
  return kExitOk;
}

}  // namespace tmsnav
