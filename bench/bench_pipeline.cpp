// Benchmarks of the foundation: load, head mask and scalp mesh on Colin27, and guidance
// updates per second. One JSON object per line on stdout; peers' figures where they run.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <optional>
#include <vector>

#include <Eigen/Geometry>
#include <nlohmann/json.hpp>

#include "bench/bench_brain.h"
#include "bench/bench_common.h"
#include "bench/bench_process.h"
#include "imaging/head_model.h"
#include "imaging/image_io.h"
#include "imaging/mni_registration.h"
#include "imaging/registration_quality.h"
#include "tests/support/moved_volume.h"
#include "tracking/guidance_session.h"
#include "tracking/simulated_tracker.h"

using namespace tmsnav;
using bench::median;
using bench::peerJson;
using Clock = std::chrono::steady_clock;

namespace {
constexpr int kRepeats = 3;
constexpr double kInvesaliusUpdateS = 110e-6;  // issue 6: cost per guidance sample

// InVesalius's headless skin surface (../shared/STACK.md's command) on `mri`, when its
// Debian package is installed; the median of kRepeats runs.
std::optional<double> invesaliusSkinSeconds(const std::string& mri) {
  if (!std::filesystem::exists("/usr/share/invesalius/app.py")) return std::nullopt;
  const auto out = std::filesystem::temp_directory_path() / "tmsnav-bench-skin.stl";
  const std::string cmd =
      "cd /usr/share/invesalius && PYTHONPATH=/usr/lib/invesalius /usr/bin/python3 app.py "
      "--no-gui -i '" +
      mri + "' -t 20,254 -e '" + out.string() + "'";
  return bench::medianSeconds({"/bin/sh", "-c", cmd}, kRepeats);
}

double seconds(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

nlohmann::json benchSegmentation(const std::string& mri,
                                 const std::optional<double>& invesalius_s) {
  std::vector<double> load, mask, mesh;
  long triangles = 0;
  for (int i = 0; i < kRepeats; ++i) {
    auto t0 = Clock::now();
    auto v = loadHeadVolume(mri);
    if (!v) throw std::runtime_error(v.error());
    load.push_back(seconds(t0));
    auto m = buildHeadModel(*v, {});
    if (!m) throw std::runtime_error(m.error());
    mask.push_back(m->seconds["head_mask"]);
    mesh.push_back(m->seconds["scalp_mesh"]);
    triangles = m->scalp_lps->GetNumberOfCells();
  }
  const double total = median(load) + median(mask) + median(mesh);
  nlohmann::json j = {{"benchmark", "segmentation"},
                      {"mri", mri},
                      {"repeats", kRepeats},
                      {"load_s", median(load)},
                      {"head_mask_s", median(mask)},
                      {"scalp_mesh_s", median(mesh)},
                      {"total_s", total},
                      {"scalp_triangles", triangles}};
  j["peer"] = peerJson("invesalius skin surface", invesalius_s, total);
  return j;
}

// The whole `tmsnav segment` (load, head, scalp, registration, brain, tissue, cortex,
// thirteen files written) as a user runs it: wall time and the child's peak RSS.
nlohmann::json benchFullSegment(const std::string& mri, const std::optional<double>& invesalius_s) {
  const std::string out =
      (std::filesystem::temp_directory_path() / "tmsnav-bench-segment").string();
  std::vector<double> wall;
  long peak_kb = 0;
  for (int i = 0; i < kRepeats; ++i) {
    const bench::ChildRun run = bench::runChild({bench::tmsnavExe(), "segment", mri, "--out", out});
    if (!run.ok) throw std::runtime_error("tmsnav segment failed");
    wall.push_back(run.seconds);
    peak_kb = std::max(peak_kb, run.peak_rss_kb);
  }
  return {{"benchmark", "segment_command"},
          {"mri", mri},
          {"repeats", kRepeats},
          {"wall_s", median(wall)},
          {"peak_rss_mb", peak_kb / 1024.0},
          {"peer", peerJson("invesalius skin surface only", invesalius_s, median(wall))}};
}

// elastix on Colin27 (fixed) and the same moved subject tmsnav registers, when elastix is
// installed: the median of kRepeats runs with bench/elastix_affine.txt.
std::optional<double> elastixSeconds(const std::string& moving) {
  const auto elastix = bench::installed("elastix");
  if (!elastix) return std::nullopt;
  const auto dir = std::filesystem::temp_directory_path() / "tmsnav-bench-elastix";
  std::filesystem::create_directories(dir);
  return bench::medianSeconds(
      {*elastix, "-f", kMniTemplate, "-m", moving, "-p",
       std::string(TMSNAV_SOURCE_DIR) + "/bench/elastix_affine.txt", "-out", dir.string()},
      kRepeats);
}

// The registration stage as it runs inside `tmsnav plan` (beside the head mask, which
// competes for the cores): the median of plan --json's seconds.mni_registration.
double registrationInPlanSeconds(const std::string& mri) {
  const auto out = std::filesystem::temp_directory_path() / "tmsnav-bench-plan.json";
  const std::string cmd = bench::tmsnavExe() + " plan '" + mri +
                          "' --target mni:-38,44,26 --out '" + out.string() + "' --json";
  std::vector<double> s;
  for (int i = 0; i < kRepeats; ++i) {
    FILE* pipe = popen(cmd.c_str(), "r");
    if (!pipe) throw std::runtime_error("cannot run tmsnav plan");
    std::string text;
    char buf[4096];
    while (size_t n = std::fread(buf, 1, sizeof buf, pipe)) text.append(buf, n);
    if (pclose(pipe) != 0) throw std::runtime_error("tmsnav plan failed");
    s.push_back(nlohmann::json::parse(text)["seconds"]["mni_registration"].get<double>());
  }
  return median(s);
}

nlohmann::json benchRegistration() {
  auto ch2 = loadVolume(kMniTemplate);
  if (!ch2) throw std::runtime_error(ch2.error());
  Eigen::Matrix4d truth =
      Eigen::Matrix4d::Identity();  // 10 degrees about an oblique axis, 8 mm, 4 % larger
  truth.topLeftCorner<3, 3>() =
      1.04 *
      Eigen::AngleAxisd(0.1745, Eigen::Vector3d(1, 0.4, 0.2).normalized()).toRotationMatrix();
  const Eigen::Vector3d centre(0, 18, 18), shift(5, -6, 4);
  truth.topRightCorner<3, 1>() = centre - truth.topLeftCorner<3, 3>() * centre + shift;
  const Volume subject = test::movedVolume(*ch2, truth, 6.0f, 7);
  auto head = templateHeadMask(*ch2);  // the metric region, as the pipeline uses it
  if (!head) throw std::runtime_error(head.error());
  RegistrationOptions options;
  options.template_head = *head;
  std::vector<double> seconds;
  double error_mm = 0, search_s = 0;
  for (int i = 0; i < kRepeats; ++i) {
    auto r = registerToMni(subject, *ch2, options, {});
    if (!r) throw std::runtime_error(r.error());
    seconds.push_back(r->seconds);
    search_s = r->orientation_search_seconds;
    const Eigen::Vector3d dlpfc(38, -44, 26);  // LPS of MNI (-38, 44, 26)
    error_mm = (r->toSubject(dlpfc) - (truth * dlpfc.homogeneous()).head<3>()).norm();
  }
  const auto dir = std::filesystem::temp_directory_path() / "tmsnav-bench-registration";
  std::filesystem::create_directories(dir);
  const std::string moved = (dir / "moved.nii.gz").string();
  if (auto w = writeVolume(subject.image, moved); !w) throw std::runtime_error(w.error());
  const auto elastix = elastixSeconds(moved);
  const double in_plan = registrationInPlanSeconds(moved);
  const char* peer = "elastix 4-level affine, Mattes MI (bench/elastix_affine.txt)";
  return {{"benchmark", "mni_affine_registration"},
          {"seconds", median(seconds)},
          {"orientation_search_s", search_s},
          {"repeats", kRepeats},
          {"dlpfc_error_mm", error_mm},
          {"peer", peerJson(peer, elastix, median(seconds))},
          {"in_plan_seconds", in_plan},
          {"peer_in_plan", peerJson(peer, elastix, in_plan)}};
}

nlohmann::json benchGuidance() {
  const auto target = bench::sampleTarget();
  const TrackingSetup setup = simulatedSetup();
  const std::vector<TrackerFrame> frames = bench::holdingFrames(target, setup, 1000);
  GuidanceSession session(target, setup);
  const long n = 1'000'000;
  long on_target = 0;
  const auto t0 = Clock::now();
  for (long i = 0; i < n; ++i) {
    const TrackerFrame& f = frames[i % frames.size()];
    on_target += session.step(f, f.timestamp_s).state == GuidanceState::OnTarget;
  }
  const double s = seconds(t0);
  return {{"benchmark", "guidance"},
          {"updates", n},
          {"seconds", s},
          {"updates_per_s", n / s},
          {"us_per_update", 1e6 * s / n},
          {"on_target_updates", on_target},
          // A figure from issue 6, not measured here: shown, never divided into a ratio.
          {"peer",
           {{"name", "invesalius per-sample cost (issue 6, not measured here)"},
            {"measured_here", false},
            {"reference_us_per_update", kInvesaliusUpdateS * 1e6}}}};
}
}  // namespace

// tmsnav_bench [MRI] [--only segment|registration|brain|guidance]: all of them by default.
int main(int argc, char** argv) {
  std::string mri = "/usr/share/mricron/templates/ch2.nii.gz", only;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--only" && i + 1 < argc)
      only = argv[++i];
    else
      mri = a;
  }
  if (!only.empty() && only != "segment" && only != "registration" && only != "brain" &&
      only != "guidance") {
    std::cerr << "error: --only takes segment, registration, brain or guidance" << std::endl;
    return 2;
  }
  const auto wanted = [&](const char* name) { return only.empty() || only == name; };
  try {
    if (wanted("segment")) {
      const auto invesalius = invesaliusSkinSeconds(mri);  // measured once, used by both
      std::cout << benchSegmentation(mri, invesalius).dump() << std::endl;
      std::cout << benchFullSegment(mri, invesalius).dump() << std::endl;
    }
    if (wanted("registration")) std::cout << benchRegistration().dump() << std::endl;
    if (wanted("brain")) std::cout << bench::benchBrainExtraction(kRepeats).dump() << std::endl;
    if (wanted("guidance")) std::cout << benchGuidance().dump() << std::endl;
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << std::endl;
    return 1;
  }
  return 0;
}
