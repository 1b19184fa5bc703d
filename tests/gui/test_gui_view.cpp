// GUI tests of issue 31 on the real app under its own Xvfb: the frame loop draws nothing
// while nothing changes (the frame counter the app reports, never a duration), and a real
// key press (xdotool) still wakes it at once; Ctrl+Q quits; named views move the camera
// and a target change keeps it.
#include <gtest/gtest.h>

#include "tests/gui/gui_test_support.h"
#include "tests/support/test_support.h"

using namespace tmsnav::test;

namespace tmsnav {
namespace {

// Bounds a hang only: loading and segmenting Colin27 on a loaded 2-core machine.
constexpr int kHangBoundS = 900;
// Frames drawn over an idle stretch: the sleep line ending and the write_state line, each
// with ImGui's one follow-up frame. Drawing at any rate over 3 s would be hundreds.
constexpr long kIdleFramesMax = 6;

nlohmann::json state(const std::string& d, const std::string& name) {
  return nlohmann::json::parse(readFile(d + "/" + name + ".json"));
}

long framesBetween(const nlohmann::json& a, const nlohmann::json& b) {
  return b["view"]["ui_frames"].get<long>() - a["view"]["ui_frames"].get<long>();
}

// A driver: the app on a private Xvfb of this test's own, so that xdotool reaches it.
// keys.sh runs once `first` is written; the app's exit code is the script's.
std::string driver(const std::string& d, const std::string& first, const std::string& keys) {
  return R"SH(set -u
d=")SH" + d + R"SH("
Xvfb -displayfd 5 -screen 0 1280x800x24 -nolisten tcp 5>"$d/display" 2>/dev/null &
xvfb=$!
trap 'kill $xvfb 2>/dev/null' EXIT
for i in $(seq 200); do [ -s "$d/display" ] && break; sleep 0.05; done
export DISPLAY=":$(head -n1 "$d/display")"
")SH" + tmsnavBinary() +
         R"SH(" --session-dir "$d/sessions" --script "$d/drive.script" >"$d/app.out" 2>"$d/app.err" &
pid=$!
until_file() { for i in $(seq 6000); do [ -e "$1" ] && return 0; kill -0 $pid 2>/dev/null || return 1; sleep 0.1; done; return 1; }
until_file ")SH" + first + R"SH(" || { echo "app never got there"; cat "$d/app.err"; exit 3; }
)SH" + keys + R"SH(
wait $pid
)SH";
}

// Idle with Colin27 loaded: a few frames in 3 s, not one per refresh. A key pressed while
// the loop sleeps (L: the light theme) is handled and drawn.
TEST(GuiIdle, NothingIsDrawnWhileIdleAndAKeyWakesTheLoop) {
  const std::string d = freshTempDir("gui-idle");
  writeFile(d + "/drive.script", "wait_ready 500\nsleep 1\nwrite_state " + d +
                                     "/a.json\nsleep 3\nwrite_state " + d +
                                     "/b.json\nwait_file " + d + "/pressed 120\nsleep 1\n"
                                     "screenshot " + d + "/light.png\nwrite_state " + d +
                                     "/c.json\nquit\n");
  writeFile(d + "/drive.sh", driver(d, d + "/b.json",
                                    "xdotool mousemove 640 400; sleep 0.3; xdotool key l; "
                                    "sleep 0.3; touch \"$d/pressed\""));
  const auto r = runShell("bash " + d + "/drive.sh", kHangBoundS);
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err << readFile(d + "/app.err");
  const auto a = state(d, "a"), b = state(d, "b"), c = state(d, "c");
  EXPECT_EQ(a["workflow"], "ready");
  EXPECT_LE(framesBetween(a, b), kIdleFramesMax);
  EXPECT_GT(b["view"]["ui_wakes"].get<long>(), a["view"]["ui_wakes"].get<long>());  // alive
  EXPECT_FALSE(b["study"]["light_theme"].get<bool>());
  EXPECT_TRUE(c["study"]["light_theme"].get<bool>());  // the key woke it and was handled
  EXPECT_GT(framesBetween(b, c), 0);
  EXPECT_TRUE(readPng(d + "/light.png").ok());
}

}  // namespace
}  // namespace tmsnav
