#pragma once
// What the GUI tests share: the app's layout at 1280x800, its colours, and running the real
// app on a private Xvfb with a script.
#include <string>

#include <Eigen/Core>

#include "tests/support/test_support.h"

namespace tmsnav::test {

constexpr int kViewLeft = 380, kBannerBottom = 150;  // app layout (app/gui/gui_layout.h)
inline const Eigen::Vector3d kOnTargetGreen(26, 158, 56);
inline const Eigen::Vector3d kNotTrackingGrey(89, 89, 97);
// The technician's view in the guiding layout (gui_app.cpp, technician_view.cpp) at 1280x800.
constexpr int kAimRight = 938, kAimBannerBottom = 120;
inline const Eigen::Vector3d kHatchGrey(70, 70, 74);
constexpr double kColourTol = 30.0;

// A bound on a hang, not a duration: the scripts wait up to 500 s for Colin27 (wait_ready
// 500), as loading it takes 5-10 s here but 60-90 s under ASan on a loaded machine.
constexpr int kAppRunBoundS = 900;

// Runs the real app on a private Xvfb with the script d/drive.script.
inline CommandResult runApp(const std::string& d) {
  return runTmsnav({"--xvfb", "--session-dir", d + "/sessions", "--script", d + "/drive.script"},
                   kAppRunBoundS);
}

}  // namespace tmsnav::test
