// The E-field (issue 29): the live map's update on Colin27 (the cortex within 40 mm of the
// point under the coil, the 536-dipole set, the sphere fitted under each pose: exactly what
// the app's worker runs) over a path of poses around the DLPFC target, on the app's 1 thread
// and on 2; and `tmsnav efield --plan` end to end (segmentation included). One JSON line.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <thread>
#include <vector>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "app/cli/efield_cli.h"
#include "app/gui/app_model.h"
#include "planning/live_field.h"

using namespace tmsnav;

namespace {
constexpr int kUpdates = 200;
constexpr double kPathRadiusMm = 5.0;  // the coil circles the target as a technician's hand does

double wallS() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

nlohmann::json liveFigures(const LiveFieldEngine& engine, const Eigen::Isometry3d& planned) {
  std::vector<double> ms;
  size_t roi = 0;
  for (int i = 0; i < kUpdates; ++i) {
    const double a = 2.0 * M_PI * i / kUpdates;
    Eigen::Isometry3d pose = planned;
    pose.translation() += kPathRadiusMm * (std::cos(a) * planned.linear().col(0) +
                                           std::sin(a) * planned.linear().col(1));
    const double t0 = wallS();
    const LiveField f = engine.compute(pose);
    ms.push_back(1000.0 * (wallS() - t0));
    if (!f.error.empty()) throw std::runtime_error(f.error);
    roi = std::max(roi, f.roi.size());
  }
  double sum = 0;
  for (double x : ms) sum += x;
  std::sort(ms.begin(), ms.end());
  return {{"updates_per_s", 1000.0 * kUpdates / sum},
          {"ms_p50", ms[ms.size() / 2]},
          {"ms_p99", ms[static_cast<size_t>(0.99 * (ms.size() - 1))]},
          {"roi_vertices_max", roi}};
}
}  // namespace

int main(int argc, char** argv) {
  const std::string mri = argc > 1 ? argv[1] : "/usr/share/mricron/templates/ch2.nii.gz";
  const std::string app = std::filesystem::path(argv[0]).parent_path() / "tmsnav";
  try {
    const auto dir = std::filesystem::temp_directory_path() /
                     ("tmsnav-bench-efield-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const std::string d = dir.string();
    // The CLI: plan, then time `efield --plan` alone.
    if (std::system(("'" + app + "' plan '" + mri + "' --target mni:-38,44,26 --out '" + d +
                     "/plan.json' > /dev/null 2>&1")
                        .c_str()) != 0)
      throw std::runtime_error("plan failed");
    const double c0 = wallS();
    if (std::system(("'" + app + "' efield --plan '" + d + "/plan.json' --json > '" + d +
                     "/efield.json' 2> /dev/null")
                        .c_str()) != 0)
      throw std::runtime_error("efield failed");
    const double cli_s = wallS() - c0;
    // The live map: the app's patient (inner skull included) and target.
    AppModel m(wallS, d + "/sessions");
    if (auto r = m.loadMri(mri); !r) throw std::runtime_error(r.error());
    while (m.workflow() == Workflow::Loading) {
      m.tick();
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    if (m.workflow() != Workflow::Ready) throw std::runtime_error(m.lastError());
    if (auto r = m.setTargetSpec("mni:-38,44,26"); !r) throw std::runtime_error(r.error());
    auto coil = loadEfieldCoil("figure8_70mm", 100.0, 0.0);
    if (!coil) throw std::runtime_error(coil.error());
    LiveFieldSetup setup;
    setup.cortex_lps = m.patient()->model.cortex_lps;
    setup.inner_skull_lps = m.patient()->model.inner_skull_lps;
    setup.map_coil = coil->live;
    setup.reference_coil = coil->reference;
    setup.target_lps = m.target()->target_lps;
    setup.planned_pose = m.target()->target_to_mri.iso();
    setup.didt_a_per_us = coil->didt_a_per_us;
    nlohmann::json j{{"bench", "efield"}, {"mri", mri}, {"efield_cli_s", cli_s}};
    for (int threads : {1, 2}) {
      setup.threads = threads;
      const LiveFieldEngine engine(setup);
      j["live_threads_" + std::to_string(threads)] = liveFigures(engine, setup.planned_pose);
    }
    // The app runs the map on 1 thread (app/gui/field_session.cpp): the headline keys.
    j["efield_updates_per_s"] = j["live_threads_1"]["updates_per_s"];
    j["efield_ms_p99"] = j["live_threads_1"]["ms_p99"];
    j["map_dipoles"] = coil->live.size();
    j["cortex_vertices"] = static_cast<long long>(setup.cortex_lps->GetNumberOfPoints());
    std::cout << j.dump() << std::endl;
    std::filesystem::remove_all(dir);
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << std::endl;
    return 1;
  }
  return 0;
}
