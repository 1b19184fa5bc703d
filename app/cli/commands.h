#pragma once
// One function per command; each returns the process exit code.
#include <string>
#include <vector>

namespace tmsnav {

struct InfoArgs {
  std::string path;
  std::string series;  // DICOM series UID; empty = a file alone or the T1-like series
  bool json = false;
};
struct SegmentArgs {
  std::string mri;
  std::string out_dir;
  int threads = 0;  // 0: every core; 1: reproducible bit for bit (imaging/threads.h)
  std::string orientation = "auto";  // auto, header or anatomy (imaging/mni_registration.h)
  bool json = false;
};
struct PlanArgs {
  std::string mri;
  std::vector<std::string> targets;
  double handle_angle_deg = 45.0;
  bool handle_best_efield = false;  // each target's angle maximises its E-field (efield/)
  std::string coil = "figure8_70mm";  // the coil for best-efield
  double scalp_offset_mm = 0.0;   // coil centre this far out from the scalp (hair, casing)
  std::string entry = "nearest";  // or "cortex-normal"
  bool compare = false;           // plan every left-DLPFC method and tabulate their distances
  std::string patient_id;         // empty: DICOM PatientID, else the MRI's file name
  std::string grid;               // ROWSxCOLS:SPACING sites around the first target
  int threads = 0;                // as SegmentArgs::threads
  std::string orientation = "auto";  // as SegmentArgs::orientation
  std::string out;
  bool json = false;
};
struct SimulateArgs {
  std::string plan;
  double seconds = 10.0;
  unsigned long long seed = 1;
  double rate_hz = 50.0;
  int target_index = 0;
  double jitter_mm = 0.1;
  double tremor_mm = 0.2;
  double latency_s = 0.005;
  double head_drift_mm_per_min = 1.0;
  bool no_occlusion = false;
  std::string thresholds;
  std::string out;
  bool json = false;
};
struct RenderArgs {
  std::string plan;
  std::string screenshot;
  std::string size = "1280x800";
  std::string scalp;   // optional: reuse a scalp.vtp instead of segmenting again
  std::string cortex;  // optional: cortex.vtp from 'segment', drawn under the scalp
  double scalp_opacity = 0.55;
  bool no_coil = false;      // only the planned coil's outline
  bool scalp_depth = false;  // scalp coloured by its distance to the cortex
  bool all_targets = false;  // every target's entry, not only the first
  bool json = false;
};
struct CoilMeshArgs {
  std::string model;  // a coil model, assets/coils/*.json
  std::string out;    // .vtp to write
  bool json = false;
};
struct HeadlessArgs {
  std::string mri;
  std::string out_dir = "out";
  bool json = false;
};

struct TrackArgs {
  std::string igtl;                    // HOST:PORT
  std::string replay;                  // .igs.mha, .igs.nrrd or a session journal
  bool replay_in_image_space = false;  // the recording's tracker frame is the MRI's world
  bool simulate = false;
  std::string plan;
  int target_index = 0;
  double seconds = 10.0;
  double speed = 1.0;
  bool loop = false;
  unsigned long long seed = 1;
  double max_age_s = 0.0;                // 0 = max(3 update periods, 100 ms)
  std::vector<std::string> tools;        // SOURCE=TOOL
  std::string thresholds;                // see parseThresholds
  std::string registration;              // registration.json: head_ref_to_mri for live and replay
  std::string coil_calibration;          // coil.json: coil_to_coil_marker
  std::string pulse_train;               // RATEhz:ONs:OFFs, fired while on target
  std::string patient_id;                // empty: the plan's
  std::string session_label;             // "day 3"
  std::vector<std::string> notes;        // journaled at the start
  double sample_rate_hz = 0.0;           // 0: every frame
  double motor_threshold_pct_mso = 0.0;  // 0: not given
  // Simulated courses: where the technician settles, in the target's tangent plane (mm).
  std::string placement_offset_mm;  // "X,Y"
  double placement_sd_mm = 0.0;     // plus a per-session Gaussian offset (1 sigma per axis)
  // What the session stimulates with (journaled); --efield gives each pulse the E at the
  // target (segments the plan's MRI first).
  double intensity_pct_mso = 0.0;  // 0: not given
  std::string coil = "figure8_70mm";
  bool efield = false;
  std::string out;
  bool json = false;
};
struct ServeArgs {
  std::string file;
  int port = 18944;
  double speed = 1.0;
  bool loop = false;
  double accept_timeout_s = 60.0;
  bool json = false;
};

int runInfo(const InfoArgs& a);
struct CalibrateArgs {
  std::string replay, igtl;
  std::string coil;                  // coil: the model with its touch points
  std::string pointer, pointer_tip;  // coil: the calibrated pointer
  double seconds = 30.0;             // --igtl: how long to listen
  double max_rms_mm = 1.0;
  std::string out;
  bool json = false;
};
struct RegisterArgs {
  std::string replay, igtl;
  double seconds = 120.0;   // --igtl: how long to listen
  std::string mri, plan;    // together: landmarks, targets and the MRI's identity
  std::string landmarks;    // CSV name,x,y,z (RAS mm) instead of the plan's
  std::string pointer;      // pointer.json from calibrate pivot
  std::string pointer_tip;  // X,Y,Z in the pointer marker's frame
  bool simulate = false;    // a simulated pointer session on --mri with a known truth
  unsigned long long seed = 1;
  std::string out;
  bool json = false;
};
struct ReportArgs {
  std::vector<std::string> sessions;  // journals of one patient
  std::string plan;                   // optional: refuse sessions of another MRI
  std::string meps;                   // optional CSV: pulse,mep_uv[,session]
  std::string out;                    // folder
  bool json = false;
};
int runReport(const ReportArgs& a);
struct CohortReportArgs {
  std::string derivatives;  // the cohort workflow's output folder
  std::string out;          // folder
  bool json = false;
};
int runCohortReport(const CohortReportArgs& a);
struct ImportArgs {
  std::vector<std::string> files;  // files, or Localite session folders
  std::string mri;                 // places NIfTI:Scanner and MNI poses on this patient
  std::string plan;                // or: a plan's MNI registration carries MNI poses
  bool json = false;
};
struct ExportArgs {
  std::string plan;                   // a plan's targets, or
  std::vector<std::string> sessions;  // journals' pulses (with their target)
  std::string format;  // brainsight, localite-instruments, localite-triggers, slicer, csv
  std::string out;
  bool json = false;
};
struct DoseArgs {
  std::string plan;
  double motor_threshold = 0.0;  // %MSO, at M1
  std::string m1;                // the plan's M1 target, or
  double m1_depth_mm = 0.0;      // its scalp-to-cortex distance, measured elsewhere
  double percent_of_mt = 100.0;
  double slope = 3.0;  // %MSO per mm (Stokes 2005)
  std::string method = "depth";  // or "efield": RMT x E_M1 / E_target
  std::string coil = "figure8_70mm";
  bool json = false;
};
int runDose(const DoseArgs& a);
struct EfieldArgs {
  std::string plan;
  std::string target;               // the plan's target (default: its first)
  std::string coil = "figure8_70mm";  // an ID under assets/coils, or a path
  double intensity_pct_mso = 100.0;
  double didt_a_per_us = 0.0;       // > 0: instead of the stimulator's figure at the intensity
  std::string out;                  // folder: efield.vtp, efield.png
  bool optimize_angle = false;
  double sphere_fit_radius_mm = 40.0;  // kSphereFitRadiusMm
  // Sphere mode
  std::string sphere_center_ras_mm, coil_pose_ras, points;
  bool json = false;
};
int runEfield(const EfieldArgs& a);
int runImport(const ImportArgs& a);
int runExport(const ExportArgs& a);
int runTrack(const TrackArgs& a);
int runCalibratePivot(const CalibrateArgs& a);
int runCalibrateCoil(const CalibrateArgs& a);
int runRegister(const RegisterArgs& a);
int runServeIgtl(const ServeArgs& a);
int runSegment(const SegmentArgs& a);
int runPlan(const PlanArgs& a);
int runSimulate(const SimulateArgs& a);
int runRender(const RenderArgs& a);
int runCoilMesh(const CoilMeshArgs& a);
int runHeadless(const HeadlessArgs& a);

}  // namespace tmsnav
