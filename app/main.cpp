// tmsnav: one binary for the app (no command) and the research/test CLI (commands).
#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <vector>

#include "app/asset_paths.h"
#include "app/cli/cli_support.h"
#include "app/cli/command_word.h"
#include "app/cli/commands.h"
#include "app/gui/gui_main.h"
#include "app/version.h"

using namespace tmsnav;

namespace {
constexpr const char* kThreadsHelp =
    "worker threads (default: every core); 1 gives the same bytes on every run";

void addOrientationOption(CLI::App* command, std::string& value) {
  command
      ->add_option("--orientation", value,
                   "head orientation: auto (the header's, unless the anatomy clearly "
                   "contradicts it), header (trust the image header), anatomy (trust the "
                   "registration's orientation search)")
      ->check(CLI::IsMember({"auto", "header", "anatomy"}))
      ->capture_default_str();
}

// The app's MRI positional when it holds a word that is no MRI: a misspelt command.
std::optional<std::string> unknownCommand(CLI::App& app) {
  const CLI::Option* mri = app.get_option("mri");
  if (mri->count() == 0 || mri->results().empty()) return std::nullopt;
  std::vector<std::string> names;
  for (const CLI::App* c : app.get_subcommands([](CLI::App*) { return true; }))
    names.push_back(c->get_name());
  return unknownCommandError(mri->results().front(), names);
}
}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"tmsnav: neuronavigation for TMS coil targeting"};
  app.set_help_all_flag("--help-all");
  app.set_version_flag("--version", std::string("tmsnav ") + versionString() + " (revision " +
                                        sourceRevision() + ")");
  GuiArgs gui;
  gui.mri = kDefaultMri;
  app.add_option("mri", gui.mri, "MRI to open in the app (default: Colin27)");
  bool headless = false;
  std::string headless_out = "out";
  app.add_flag("--headless", headless, "run load-segment-plan-simulate-render without a window");
  app.add_option("--out-dir", headless_out, "output folder for --headless")->capture_default_str();
  app.add_option("--script", gui.script, "drive the app from a script (tests, demos)");
  app.add_flag("--xvfb", gui.private_xvfb, "open the app on a private Xvfb display");
  app.add_option("--study", gui.study, "reopen a study (its MRI, targets, landmarks, settings)");
  app.add_option("--session-dir", gui.session_dir,
                 "where session logs go (default: " + defaultSessionDir() + ")");
  bool json_top = false;
  app.add_flag("--json", json_top, "with --headless: one JSON object on stdout");

  InfoArgs info;
  auto* c_info = app.add_subcommand("info", "describe an MRI volume");
  c_info->add_option("path", info.path, "MRI file or DICOM folder")->required();
  c_info->add_option("--series", info.series, "DICOM: series UID (default: the T1-like one)");
  c_info->add_flag("--json", info.json, "one JSON object on stdout");

  SegmentArgs seg;
  auto* c_seg =
      app.add_subcommand("segment",
                         "head, brain and intracranial masks, tissue labels (CSF, grey, white); "
                         "scalp, cortex and inner-skull meshes (.vtp, .stl, .obj)");
  c_seg->add_option("mri", seg.mri, "MRI file")->required();
  c_seg->add_option("--out", seg.out_dir, "output folder")->required();
  c_seg->add_option("--threads", seg.threads, kThreadsHelp)->check(CLI::Range(1, 1024));
  addOrientationOption(c_seg, seg.orientation);
  c_seg->add_flag("--json", seg.json, "one JSON object on stdout");

  PlanArgs plan;
  auto* c_plan = app.add_subcommand("plan", "plan targets and coil poses on the scalp");
  c_plan->add_option("mri", plan.mri, "MRI file")->required();
  c_plan->add_option("--grid", plan.grid,
                     "ROWSxCOLS:SPACING_MM sites around the first target, e.g. 5x5:10");
  c_plan->add_option("--patient-id", plan.patient_id,
                     "patient ID (default: DICOM PatientID, else the file name)");
  c_plan->add_option("--target", plan.targets,
                     "ras:X,Y,Z, scalp:X,Y,Z (the cortex beneath), mni:X,Y,Z, atlas:NAME, "
                     "10-20:NAME, beam-f3, beam-f3-adjusted, "
                     "5cm-rule:X,Y,Z (the M1 hotspot) or 5.5cm-rule:X,Y,Z (repeatable)");
  c_plan->add_flag("--compare", plan.compare,
                   "plan every left-DLPFC method and print their distances");
  std::string plan_handle_angle = "45";
  c_plan
      ->add_option("--handle-angle-deg", plan_handle_angle,
                   "handle angle to the midline (degrees), or best-efield: the angle that "
                   "maximises the E-field at each target")
      ->capture_default_str();
  c_plan->add_option("--coil", plan.coil, "with best-efield: coil ID or JSON")
      ->capture_default_str();
  c_plan
      ->add_option("--scalp-offset-mm", plan.scalp_offset_mm,
                   "coil centre this far outside the scalp (hair, casing)")
      ->check(CLI::Range(0.0, 30.0))
      ->capture_default_str();
  c_plan
      ->add_option("--entry", plan.entry,
                   "entry point: nearest (scalp point nearest the target) or cortex-normal "
                   "(along the cortex normal at the target)")
      ->check(CLI::IsMember({"nearest", "cortex-normal"}))
      ->capture_default_str();
  c_plan->add_option("--out", plan.out, "plan.json to write")->required();
  c_plan->add_option("--threads", plan.threads, kThreadsHelp)->check(CLI::Range(1, 1024));
  addOrientationOption(c_plan, plan.orientation);
  c_plan->add_flag("--json", plan.json, "one JSON object on stdout");

  SimulateArgs sim;
  auto* c_sim = app.add_subcommand("simulate", "simulated coil approach in simulated time");
  c_sim->add_option("--plan", sim.plan, "plan.json")->required();
  c_sim->add_option("--seconds", sim.seconds, "simulated duration")->capture_default_str();
  c_sim->add_option("--seed", sim.seed, "random seed")->capture_default_str();
  c_sim->add_option("--rate-hz", sim.rate_hz, "tracker update rate")->capture_default_str();
  c_sim->add_option("--target-index", sim.target_index, "which plan target")->capture_default_str();
  c_sim->add_option("--jitter-mm", sim.jitter_mm, "tracker noise (1 sigma)")->capture_default_str();
  c_sim->add_option("--tremor-mm", sim.tremor_mm, "hand tremor amplitude")->capture_default_str();
  c_sim->add_option("--latency-s", sim.latency_s, "sample age on arrival")->capture_default_str();
  c_sim->add_option("--head-drift-mm-per-min", sim.head_drift_mm_per_min, "head motion")
      ->capture_default_str();
  c_sim->add_flag("--no-occlusion", sim.no_occlusion, "no coil marker drop-out at 1.0-1.4 s");
  c_sim->add_option(
      "--thresholds", sim.thresholds,
      "on-target: "
      "ENTER_MM,LEAVE_MM,ENTER_TILT_DEG,LEAVE_TILT_DEG,ENTER_HANDLE_DEG,LEAVE_HANDLE_DEG,DWELL_S "
      "(default 2,3,3,4,5,7,0.5)");
  c_sim->add_option("--out", sim.out, "session.jsonl to write")->required();
  c_sim->add_flag("--json", sim.json, "one JSON object on stdout");

  RenderArgs render;
  auto* c_render = app.add_subcommand("render", "off-screen picture of a plan");
  c_render->add_option("--plan", render.plan, "plan.json")->required();
  c_render->add_option("--screenshot", render.screenshot, "PNG to write")->required();
  c_render->add_option("--size", render.size, "WxH")->capture_default_str();
  c_render->add_option("--scalp", render.scalp, "scalp.vtp from 'segment' (skips segmenting)");
  c_render->add_option("--cortex", render.cortex, "cortex.vtp from 'segment', drawn too");
  c_render->add_flag("--no-coil", render.no_coil, "no tracked coil, only the plan's outline");
  c_render->add_flag("--scalp-depth", render.scalp_depth,
                     "colour the scalp by its distance to the cortex (needs segment's scalp.vtp)");
  c_render->add_option("--scalp-opacity", render.scalp_opacity, "0 (hidden) to 1 (opaque)")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  c_render->add_flag("--all-targets", render.all_targets,
                     "mark every target's entry, not only the first (coil on the first)");
  c_render->add_flag("--json", render.json, "one JSON object on stdout");

  CoilMeshArgs coil_mesh;
  auto* c_coil_mesh = app.add_subcommand(
      "coil-mesh", "write a coil model's casing mesh (.vtp, coil frame) from its dimensions");
  c_coil_mesh->add_option("model", coil_mesh.model, "coil model (assets/coils/*.json)")->required();
  c_coil_mesh->add_option("--out", coil_mesh.out, ".vtp to write")->required();
  c_coil_mesh->add_flag("--json", coil_mesh.json, "one JSON object on stdout");

  TrackArgs track;
  auto* c_track = app.add_subcommand(
      "track", "headless guidance from OpenIGTLink, a recording or the simulator");
  c_track->add_option("--igtl", track.igtl, "OpenIGTLink server HOST:PORT (e.g. PLUS Server)");
  c_track->add_option("--replay", track.replay,
                      "PLUS sequence (.igs.mha, .igs.nrrd) or session journal");
  c_track->add_flag("--in-image-space", track.replay_in_image_space,
                    "replay: the recording's tracker frame is the MRI's world (judged on/off "
                    "target without a registration)");
  c_track->add_flag("--simulate", track.simulate, "simulated coil (needs --plan)");
  c_track->add_option("--plan", track.plan, "plan.json with the target");
  c_track->add_option("--target-index", track.target_index, "which plan target")
      ->capture_default_str();
  c_track->add_option("--seconds", track.seconds, "how long to run")->capture_default_str();
  c_track
      ->add_option("--speed", track.speed,
                   "replay speed (0 = as fast as possible); --simulate: clock speed")
      ->capture_default_str();
  c_track->add_flag("--loop", track.loop, "replay: start again at the end");
  c_track->add_option("--seed", track.seed, "simulation seed")->capture_default_str();
  c_track->add_option("--pulse-train", track.pulse_train,
                      "fire pulses while on target: RATEhz:ONs:OFFs, e.g. 10hz:4s:26s");
  c_track->add_option("--patient-id", track.patient_id, "patient ID (default: the plan's)");
  c_track->add_option("--session-label", track.session_label, "e.g. \"day 3\"");
  c_track->add_option("--note", track.notes, "a note journaled at the start (repeatable)");
  c_track
      ->add_option("--sample-rate-hz", track.sample_rate_hz,
                   "journal samples at most this often (0 = every frame)")
      ->capture_default_str();
  c_track->add_option("--motor-threshold", track.motor_threshold_pct_mso,
                      "resting motor threshold this session, %MSO");
  c_track->add_option("--placement-offset-mm", track.placement_offset_mm,
                      "--simulate: the technician settles X,Y mm off the target (tangent plane)");
  c_track
      ->add_option("--placement-sd-mm", track.placement_sd_mm,
                   "--simulate: plus a Gaussian placement error per session (from --seed)")
      ->capture_default_str();
  c_track->add_option("--max-age-s", track.max_age_s,
                      "stale after (default max(3 periods, 0.1 s))");
  c_track->add_option("--tool", track.tools,
                      "map a PLUS tool to a tmsnav tool, e.g. Stylus=CoilMarker (StylusToTracker)");
  c_track->add_option("--thresholds", track.thresholds, "on-target thresholds, as for simulate");
  c_track->add_option("--intensity-pct-mso", track.intensity_pct_mso,
                      "the session's stimulator intensity (%MSO), journaled");
  c_track->add_option("--coil", track.coil, "the coil/stimulator pair (ID under assets/coils)")
      ->capture_default_str();
  c_track->add_flag("--efield", track.efield,
                    "each pulse carries the E at the target (needs --plan; segments its MRI)");
  c_track->add_option("--out", track.out, "session log (JSON lines, appended)")->required();
  c_track->add_flag("--json", track.json, "summary as one JSON object on stdout");

  c_track->add_option("--registration", track.registration,
                      "registration.json from 'register' (live and recorded sources)");

  // Where calibration and registration read the tracker from.
  auto trackedSource = [](CLI::App* c, std::string& replay, std::string& igtl, double& seconds) {
    c->add_option("--replay", replay, "PLUS sequence metafile (.igs.mha)");
    c->add_option("--igtl", igtl, "OpenIGTLink server HOST:PORT");
    c->add_option("--seconds", seconds, "--igtl: how long to listen")->capture_default_str();
  };
  CalibrateArgs calib;
  auto* c_calibrate = app.add_subcommand("calibrate", "calibrate a tracked tool");
  c_calibrate->require_subcommand(1);
  auto* c_pivot = c_calibrate->add_subcommand(
      "pivot", "pointer tip by pivoting it in a divot (a recording or a live server)");
  trackedSource(c_pivot, calib.replay, calib.igtl, calib.seconds);
  c_pivot->add_option("--max-rms-mm", calib.max_rms_mm, "refuse a worse fit")
      ->capture_default_str();
  c_pivot->add_option("--out", calib.out, "pointer.json to write");
  c_pivot->add_flag("--json", calib.json, "one JSON object on stdout");

  CalibrateArgs coil_args;
  auto* c_coil = c_calibrate->add_subcommand(
      "coil", "coil_to_coil_marker from pointer touches on the coil's marked points");
  trackedSource(c_coil, coil_args.replay, coil_args.igtl, coil_args.seconds);
  c_coil->add_option("--coil", coil_args.coil, "coil model with touch_points_mm (assets/coils)");
  c_coil->add_option("--pointer", coil_args.pointer, "pointer.json from 'calibrate pivot'");
  c_coil->add_option("--pointer-tip", coil_args.pointer_tip,
                     "X,Y,Z: the tip in the pointer marker's frame");
  c_coil->add_option("--out", coil_args.out, "coil.json to write");
  c_coil->add_flag("--json", coil_args.json, "one JSON object on stdout");
  c_track->add_option("--coil-calibration", track.coil_calibration,
                      "coil.json from 'calibrate coil'");

  RegisterArgs reg;
  auto* c_reg = app.add_subcommand(
      "register", "register the head reference to the MRI from pointer touches on landmarks");
  trackedSource(c_reg, reg.replay, reg.igtl, reg.seconds);
  c_reg->add_option("--mri", reg.mri, "the MRI the plan was made on (checked by SHA-256)");
  c_reg->add_option("--plan", reg.plan, "plan.json: its landmarks and targets");
  c_reg->add_option("--landmarks", reg.landmarks, "CSV name,x,y,z (RAS mm), in touch order");
  c_reg->add_option("--pointer", reg.pointer, "pointer.json from 'calibrate pivot'");
  c_reg->add_option("--pointer-tip", reg.pointer_tip,
                    "X,Y,Z: the tip in the pointer marker's frame");
  c_reg->add_flag("--simulate", reg.simulate,
                  "a simulated pointer touches the plan's landmarks and sweeps the scalp");
  c_reg->add_option("--seed", reg.seed, "--simulate: head placement and touches")
      ->capture_default_str();
  c_reg->add_option("--out", reg.out, "registration.json to write")->required();
  c_reg->add_flag("--json", reg.json, "one JSON object on stdout");

  ServeArgs serve;
  auto* c_serve =
      app.add_subcommand("serve-igtl", "serve a recording over OpenIGTLink on 127.0.0.1");
  c_serve->add_option("file", serve.file, "PLUS sequence metafile (.igs.mha)")->required();
  c_serve->add_option("--port", serve.port, "TCP port (0 = any free)")->capture_default_str();
  c_serve->add_option("--speed", serve.speed, "pace (0 = as fast as possible)")
      ->capture_default_str();
  c_serve->add_flag("--loop", serve.loop, "start again at the end");
  c_serve->add_option("--accept-timeout-s", serve.accept_timeout_s, "wait this long for a client")
      ->capture_default_str();
  c_serve->add_flag("--json", serve.json, "summary as one JSON object on stdout");

  ReportArgs report;
  auto* c_report = app.add_subcommand(
      "report", "repeatability across a course: summary.json, index.html and plots");
  c_report->add_option("sessions", report.sessions, "session journals of one patient")->required();
  c_report->add_option("--plan", report.plan, "plan.json: refuse sessions of another MRI");
  c_report->add_option("--meps", report.meps, "CSV of MEP amplitudes: pulse,mep_uv[,session]");
  c_report->add_option("--out", report.out, "folder to write")->required();
  c_report->add_flag("--json", report.json, "summary.json on stdout, plus out and plots");

  CohortReportArgs cohort;
  auto* c_cohort = app.add_subcommand(
      "cohort-report", "compare a cohort's plans: targets in MNI space, method distances, depth");
  c_cohort
      ->add_option("derivatives", cohort.derivatives,
                   "the cohort workflow's output (<id>_plan.json, <id>_failure.json)")
      ->required();
  c_cohort->add_option("--out", cohort.out, "output folder")->required();
  c_cohort->add_flag("--json", cohort.json, "group.json on stdout, plus out and plots");

  DoseArgs dose;
  auto* c_dose = app.add_subcommand(
      "dose", "depth-adjusted dose at each target (Stokes 2005: ~3 %MSO per mm deeper than M1)");
  c_dose->add_option("--plan", dose.plan, "plan.json")->required();
  c_dose->add_option("--motor-threshold", dose.motor_threshold, "resting MT at M1, %MSO")
      ->required();
  c_dose->add_option("--m1", dose.m1, "the plan's M1 target (its scalp-to-cortex distance)");
  c_dose->add_option("--m1-depth-mm", dose.m1_depth_mm, "or M1's scalp-to-cortex distance");
  c_dose->add_option("--percent-of-mt", dose.percent_of_mt, "protocol intensity, % of MT")
      ->capture_default_str();
  c_dose->add_option("--slope", dose.slope, "%MSO per mm (2.8 in Stokes 2007)")
      ->capture_default_str();
  c_dose
      ->add_option("--method", dose.method,
                   "depth (Stokes: %MSO per mm) or efield (RMT x E_M1 / E_target)")
      ->check(CLI::IsMember({"depth", "efield"}))
      ->capture_default_str();
  c_dose->add_option("--coil", dose.coil, "with --method efield: coil ID or JSON")
      ->capture_default_str();
  c_dose->add_flag("--json", dose.json, "one JSON object on stdout");

  EfieldArgs efield_args;
  auto* c_efield = app.add_subcommand(
      "efield", "the induced E-field at a plan's target and over its cortex (sphere model)");
  c_efield->add_option("--plan", efield_args.plan, "plan.json");
  c_efield->add_option("--target", efield_args.target, "the plan's target (default: its first)");
  c_efield->add_option("--coil", efield_args.coil, "coil ID under assets/coils, or its JSON")
      ->capture_default_str();
  auto* o_pct = c_efield
                    ->add_option("--intensity-pct-mso", efield_args.intensity_pct_mso,
                                 "stimulator output, %MSO")
                    ->capture_default_str();
  c_efield
      ->add_option("--didt-a-per-us", efield_args.didt_a_per_us,
                   "the dI/dt the stimulator shows, A/us (instead of --intensity-pct-mso)")
      ->excludes(o_pct);
  c_efield->add_option("--out", efield_args.out, "folder for efield.vtp and efield.png");
  c_efield->add_flag("--optimize-angle", efield_args.optimize_angle,
                     "sweep the handle angle at the planned position");
  c_efield
      ->add_option("--sphere-fit-radius-mm", efield_args.sphere_fit_radius_mm,
                   "inner skull within this distance of the point under the coil fits the sphere")
      ->check(CLI::Range(15.0, 80.0))
      ->capture_default_str();
  c_efield->add_option("--sphere-center-ras-mm", efield_args.sphere_center_ras_mm,
                       "sphere mode: the sphere's centre X,Y,Z");
  c_efield->add_option("--coil-pose-ras", efield_args.coil_pose_ras,
                       "sphere mode: coil_to_mri_ras as '[[..],[..],[..],[..]]' or a file");
  c_efield->add_option("--points", efield_args.points, "sphere mode: CSV x,y,z in RAS mm");
  c_efield->add_flag("--json", efield_args.json, "one JSON object on stdout");

  ImportArgs import_args;
  auto* c_import = app.add_subcommand(
      "import",
      "read Brainsight .txt, Localite XML (or a session folder), ANT Neuro .mrk, Softaxic "
      ".stmpx, Slicer .mrk.json/.fcsv or CSV");
  c_import
      ->add_option("files", import_args.files,
                   "files or Localite session folders (the format is recognised)")
      ->required();
  c_import->add_option("--mri", import_args.mri,
                       "the patient's MRI: checks NIfTI:Scanner poses against its qform and "
                       "carries MNI poses onto it (MNI registration)");
  c_import->add_option("--plan", import_args.plan,
                       "or a plan.json: its MNI registration carries MNI poses");
  c_import->add_flag("--json", import_args.json, "targets and pulses in RAS mm, tmsnav coil axes");
  ExportArgs export_args;
  auto* c_export =
      app.add_subcommand("export", "write a plan's targets or sessions' pulses for other tools");
  c_export->add_option("sessions", export_args.sessions, "session journals (or --plan)");
  c_export->add_option("--plan", export_args.plan, "plan.json: its targets");
  c_export
      ->add_option("--format", export_args.format,
                   "brainsight, localite-instruments, localite-triggers, slicer, csv or ant")
      ->required();
  c_export->add_option("--out", export_args.out, "file to write")->required();
  c_export->add_flag("--json", export_args.json, "one JSON object on stdout");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    if (auto misspelt = unknownCommand(app)) return fail(kExitBadInput, *misspelt);
    return fail(kExitBadInput, e.what());
  }
  if (auto misspelt = unknownCommand(app)) return fail(kExitBadInput, *misspelt);

  try {
    if (*c_info) return runInfo(info);
    if (*c_seg) return runSegment(seg);
    if (*c_plan) {
      if (plan_handle_angle == "best-efield") {
        plan.handle_best_efield = true;
      } else {
        try {
          size_t used = 0;
          plan.handle_angle_deg = std::stod(plan_handle_angle, &used);
          if (used != plan_handle_angle.size()) throw std::invalid_argument("trailing");
        } catch (const std::logic_error&) {
          return fail(kExitBadInput, "--handle-angle-deg must be degrees or best-efield, got '" +
                                         plan_handle_angle + "'");
        }
      }
      return runPlan(plan);
    }
    if (*c_efield) return runEfield(efield_args);
    if (*c_sim) return runSimulate(sim);
    if (*c_render) return runRender(render);
    if (*c_coil_mesh) return runCoilMesh(coil_mesh);
    if (*c_track) return runTrack(track);
    if (*c_pivot) return runCalibratePivot(calib);
    if (*c_coil) return runCalibrateCoil(coil_args);
    if (*c_reg) return runRegister(reg);
    if (*c_serve) return runServeIgtl(serve);
    if (*c_report) return runReport(report);
    if (*c_cohort) return runCohortReport(cohort);
    if (*c_import) return runImport(import_args);
    if (*c_dose) return runDose(dose);
    if (*c_export) return runExport(export_args);
    if (headless) return runHeadless({gui.mri, headless_out, json_top});
    return runGui(gui);
  } catch (const std::exception& e) {
    return fail(kExitFailure, std::string("internal error: ") + e.what());
  }
}
