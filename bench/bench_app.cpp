// How long the app's UI thread is held by target commands once a patient is loaded: the
// commands run there, so this is the hitch a clinician sees. One JSON line.
#include <chrono>
#include <filesystem>
#include <iostream>
#include <thread>

#include <nlohmann/json.hpp>

#include "app/gui/app_model.h"

using namespace tmsnav;

namespace {
double wallS() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

double timed(AppModel& m, const std::string& spec) {
  const double t0 = wallS();
  if (auto r = m.setTargetSpec(spec); !r) throw std::runtime_error(spec + ": " + r.error());
  return wallS() - t0;
}
}  // namespace

int main(int argc, char** argv) {
  const std::string mri = argc > 1 ? argv[1] : "/usr/share/mricron/templates/ch2.nii.gz";
  try {
    const auto dir = std::filesystem::temp_directory_path() / "tmsnav-bench-app";
    std::filesystem::create_directories(dir);
    AppModel m(wallS, dir.string());
    const double t0 = wallS();
    if (auto r = m.loadMri(mri); !r) throw std::runtime_error(r.error());
    while (m.workflow() == Workflow::Loading) {
      m.tick();
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    if (m.workflow() != Workflow::Ready) throw std::runtime_error(m.lastError());
    nlohmann::json j{{"benchmark", "app_target_commands"}, {"mri", mri}};
    j["load_to_ready_s"] = wallS() - t0;
    j["ui_thread_s"] = {{"mni", timed(m, "mni:-38,44,26")},
                        {"atlas_ba46_first", timed(m, "atlas:BA46")},
                        {"atlas_ba9", timed(m, "atlas:BA9")},
                        {"atlas_aal", timed(m, "atlas:AAL:Frontal_Mid_L")},
                        {"ten_twenty_f3_first", timed(m, "10-20:F3")},
                        {"beam_f3", timed(m, "beam-f3")},
                        {"mni_again", timed(m, "mni:-38,44,26")}};
    std::cout << j.dump() << std::endl;
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << std::endl;
    return 1;
  }
  return 0;
}
