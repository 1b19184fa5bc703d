// Registration accuracy and cost on Colin27's scalp with a known truth: 1000 random head
// poses, landmarks (FLE 1 mm RMS) then ICP on 100 sweep points (0.5 mm RMS). One JSON line
// per setting: observed and predicted TRE at the left DLPFC entry, and the time per trial.
#include <chrono>
#include <iostream>

#include <nlohmann/json.hpp>

#include "tests/support/registration_study.h"

using namespace tmsnav;

namespace {
nlohmann::json run(const char* name, const test::StudySetup& s, int trials) {
  const auto t0 = std::chrono::steady_clock::now();
  const test::StudyResult r = test::runRegistrationStudy(s, trials, 1);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return {{"benchmark", "registration_accuracy"},
          {"setting", name},
          {"trials", trials},
          {"fle_rms_mm", s.fle_rms_mm},
          {"sweep_points", s.sweep_points},
          {"sweep_noise_rms_mm", s.point_noise_rms_mm},
          {"landmark_tre_median_mm", r.landmark_tre_median_mm},
          {"landmark_tre_rms_mm", r.landmark_tre_rms_mm},
          {"landmark_predicted_tre_rms_mm", r.landmark_predicted_rms_mm},
          {"landmark_fre_rms_mm", r.fre_rms_mm},
          {"icp_tre_median_mm", r.icp_tre_median_mm},
          {"icp_tre_rms_mm", r.icp_tre_rms_mm},
          {"icp_predicted_tre_rms_mm", r.icp_predicted_rms_mm},
          {"icp_converged_fraction", r.converged_fraction},
          {"icp_mean_iterations", r.mean_iterations},
          {"ms_per_trial", 1000.0 * seconds / trials}};
}
}  // namespace

int main() {
  try {
    test::StudySetup s = test::colin27Study();
    std::cout << run("issue 18: FLE 1 mm, 100 points at 0.5 mm", s, 1000).dump() << std::endl;
    s.fle_rms_mm = 2.0;
    s.point_noise_rms_mm = 1.0;
    s.sweep_points = 40;
    std::cout << run("sloppy: FLE 2 mm, 40 points at 1 mm", s, 1000).dump() << std::endl;
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << std::endl;
    return 1;
  }
  return 0;
}
