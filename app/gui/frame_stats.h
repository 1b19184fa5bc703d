#pragma once
// Frame timing for benchmarks (scripts/bench): how long UI frames take, how many 3-D frames
// the render thread made, the oldest pose the technician's view showed, since a reset.
#include <algorithm>
#include <cstdint>
#include <vector>

#include "app/gui/script_runner.h"

namespace tmsnav {

class FrameStats {
 public:
  void reset(double now_s, std::uint64_t scene_frames) {
    since_s_ = last_s_ = now_s;
    scene_frames_ = scene_frames;
    frame_ms_.clear();
    max_age_ms_ = 0.0;
  }
  void frame(double now_s, double pose_age_s) {
    if (last_s_ > 0) frame_ms_.push_back(1000.0 * (now_s - last_s_));
    last_s_ = now_s;
    if (pose_age_s >= 0) max_age_ms_ = std::max(max_age_ms_, 1000.0 * pose_age_s);
  }
  void fill(ViewState& v, double now_s, std::uint64_t scene_frames) const {
    std::vector<double> ms = frame_ms_;
    if (ms.empty() || now_s <= since_s_) return;
    std::sort(ms.begin(), ms.end());
    v.ui_frame_ms_p50 = ms[ms.size() / 2];
    v.ui_frame_ms_p99 = ms[std::min(ms.size() - 1, ms.size() * 99 / 100)];
    v.ui_fps = static_cast<double>(ms.size()) / (now_s - since_s_);
    v.scene_fps = static_cast<double>(scene_frames - scene_frames_) / (now_s - since_s_);
    v.aim_pose_age_ms_max = max_age_ms_;
  }

 private:
  double since_s_ = 0.0, last_s_ = 0.0;
  std::uint64_t scene_frames_ = 0;
  std::vector<double> frame_ms_;
  double max_age_ms_ = 0.0;
};

}  // namespace tmsnav
