#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "tracking/realtime_simulated_source.h"
#include "tracking/tracker_worker.h"

using namespace tmsnav;

namespace {
double now() {
  using namespace std::chrono;
  return duration<double>(steady_clock::now().time_since_epoch()).count();
}

std::unique_ptr<TrackerSource> simulated() {
  SimulationConfig c;
  c.rate_hz = 200;
  return std::make_unique<RealtimeSimulatedSource>(
      SimulatedTracker(c, Transform<frame::Target, frame::Mri>(), simulatedSetup()), now);
}

// A source that ends after a fixed number of frames.
class Finite : public TrackerSource {
 public:
  std::optional<TrackerFrame> next(std::stop_token) override {
    if (left_-- <= 0) return std::nullopt;
    return TrackerFrame{};
  }
  int left_ = 3;
};
}  // namespace

TEST(TrackerWorker, InvalidTransitionsAreRefused) {
  LatestMailbox<TrackerFrame> box;
  TrackerWorker w(box);
  EXPECT_FALSE(w.stop().ok());  // Idle -> stop
  ASSERT_TRUE(w.start(simulated()).ok());
  EXPECT_EQ(w.state(), TrackerState::Running);
  EXPECT_FALSE(w.start(simulated()).ok());  // Running -> start
  EXPECT_FALSE(TrackerWorker(box).start(nullptr).ok());
  ASSERT_TRUE(w.stop().ok());
  EXPECT_EQ(w.state(), TrackerState::Idle);
  EXPECT_FALSE(w.stop().ok());
}

TEST(TrackerWorker, PublishesLatestFramesAndClearsThemOnStop) {
  LatestMailbox<TrackerFrame> box;
  TrackerWorker w(box);
  ASSERT_TRUE(w.start(simulated()).ok());
  const double deadline = now() + 5.0;
  while (box.latest().second < 10 && now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  auto [frame, count] = box.latest();
  ASSERT_TRUE(frame.has_value());
  EXPECT_GE(count, 10u);
  EXPECT_LT(now() - frame->timestamp_s, 0.5);  // stamped with the caller's clock
  ASSERT_TRUE(w.stop().ok());
  EXPECT_FALSE(box.latest().first.has_value());
}

TEST(TrackerWorker, SourceThatEndsLeavesWorkerIdleAndRestartable) {
  LatestMailbox<TrackerFrame> box;
  TrackerWorker w(box);
  ASSERT_TRUE(w.start(std::make_unique<Finite>()).ok());
  const double deadline = now() + 5.0;
  while (w.state() == TrackerState::Running && now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  EXPECT_EQ(w.state(), TrackerState::Idle);
  EXPECT_EQ(w.framesPublished(), 3u);
  EXPECT_TRUE(w.start(std::make_unique<Finite>()).ok());
}
