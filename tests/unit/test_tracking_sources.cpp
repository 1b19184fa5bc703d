// Replay, the loopback server and the OpenIGTLink client, end to end on real recordings.
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <thread>

#include "tracking/guidance_session.h"
#include "tracking/igtl_client_source.h"
#include "tracking/igtl_codec.h"
#include "tracking/igtl_sequence_server.h"
#include "tracking/replay_source.h"

using namespace tmsnav;

namespace {
constexpr double kFloat32Rel = 1e-4;  // issue 6: matrices equal within float32 precision

double now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}
double wall() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}
std::string data(const std::string& name) {
  return std::string(TMSNAV_TEST_DATA) + "/tracking/" + name;
}

std::vector<SequenceFrame> load(const std::string& name) {
  auto frames = readPlusSequence(data(name));
  if (!frames) throw std::runtime_error(frames.error());
  return *frames;
}

// Runs a source until it ends or `limit_s` passes; returns every frame.
std::vector<TrackerFrame> drain(TrackerSource& source, double limit_s) {
  std::vector<TrackerFrame> out;
  std::stop_source stop;
  std::jthread timer([&](std::stop_token st) {
    const double end = now() + limit_s;
    while (!st.stop_requested() && now() < end)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    stop.request_stop();
  });
  while (auto f = source.next(stop.get_token())) out.push_back(*f);
  return out;
}
}  // namespace

TEST(PlusSequence, TransformInterpolationHas499ValidAnd1InvalidFrame) {
  const auto frames = load("TransformInterpolationTest.igs.mha");
  ASSERT_EQ(frames.size(), 500u);
  SourceStats stats;
  ReplaySource replay(frames, {0.0, false, {}}, now, stats);
  const auto out = drain(replay, 10.0);
  EXPECT_EQ(out.size(), 500u);
  const auto c = stats.snapshot();
  EXPECT_EQ(c.samples, 500u);
  EXPECT_EQ(c.valid, 499u);
  EXPECT_EQ(c.invalid, 1u);
  EXPECT_EQ(c.rejected, 0u);
  for (const auto& f : frames)  // the stray "Stylus" field (no Transform suffix) is not a tool
    for (const auto& t : f.tools) EXPECT_NE(t.name, "Stylus");
}

TEST(PlusSequence, ReplayPacesAtRecordedSpeedAndLoops) {
  auto frames = load("EightLandmarkPointsTrackedForPhantomRegistration.igs.mha");
  frames.resize(16);  // ~1 s at 15 Hz
  const double span = frames.back().timestamp_s - frames.front().timestamp_s;
  SourceStats stats;
  ReplaySource replay(frames, {4.0, false, {}}, now, stats);
  const double t0 = now();
  drain(replay, 10.0);
  EXPECT_NEAR(now() - t0, span / 4.0, 0.1);
  SourceStats loop_stats;
  ReplaySource looping(frames, {0.0, true, {}}, now, loop_stats);
  std::stop_source stop;
  for (int i = 0; i < 40; ++i) ASSERT_TRUE(looping.next(stop.get_token()).has_value());
  EXPECT_EQ(loop_stats.snapshot().samples, 40u);
}

TEST(IgtlLoopback, EightLandmarksArriveWhole) {
  const auto frames = load("EightLandmarkPointsTrackedForPhantomRegistration.igs.mha");
  auto listener = Socket::listenLoopback(0);
  ASSERT_TRUE(listener.ok()) << listener.error();
  const int port = listener->localPort();
  Result<ServeSummary> served = Error{"not run"};
  std::jthread server([&] {
    served = serveSequence(frames, *listener, {0.0, false, 10.0}, now, wall);
  });
  SourceStats stats;
  IgtlClientSource client({"127.0.0.1", port, {}}, now, wall, stats);
  {
    std::jthread reader([&](std::stop_token st) {
      while (!st.stop_requested()) client.next(st);
    });
    const double end = now() + 20.0;
    while (stats.snapshot().samples < 2000 && now() < end)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }  // stops and joins the reader
  server.join();
  ASSERT_TRUE(served.ok()) << served.error();
  EXPECT_EQ(served->frames, 1000u);
  EXPECT_EQ(served->transforms, 2000u);
  const auto c = stats.snapshot();
  EXPECT_EQ(c.samples, 2000u);
  EXPECT_EQ(c.rejected, 0u);
  EXPECT_EQ(c.flagged_timestamps, 0u);
}

TEST(IgtlLoopback, MatricesEqualTheFileWithinFloat32) {
  const auto frames = load("EightLandmarkPointsTrackedForPhantomRegistration.igs.mha");
  auto listener = Socket::listenLoopback(0);
  ASSERT_TRUE(listener.ok());
  const int port = listener->localPort();
  std::jthread server([&] {
    (void)serveSequence(frames, *listener, {0.0, false, 10.0}, now, wall);
  });
  auto socket = Socket::connectTo("127.0.0.1", port, 2.0);
  ASSERT_TRUE(socket.ok()) << socket.error();
  std::vector<igtl::ToolSample> got;
  igtl::StreamReader reader(
      [&](const igtl::Header&, const igtl::Body& b) {
        for (const auto& t : std::get<igtl::PoseMessage>(b).tools) got.push_back(t);
      },
      [](const igtl::Header&, const std::string& why) { ADD_FAILURE() << why; });
  std::uint8_t buf[65536];
  const double end = now() + 20.0;
  while (got.size() < 2000 && now() < end) {
    auto n = socket->read(buf, sizeof buf, 0.1);
    if (!n) break;
    ASSERT_TRUE(reader.feed(buf, *n).ok());
  }
  ASSERT_EQ(got.size(), 2000u);
  size_t k = 0;
  for (const auto& f : frames)
    for (const auto& t : f.tools) {
      const Eigen::Matrix4d& want = t.to_tracker;
      const Eigen::Matrix4d have = got[k].tool_to_tracker.matrix();
      EXPECT_EQ(got[k].name, t.transform) << "sent as PLUS names it (StylusToTracker)";
      EXPECT_LT((have - want).cwiseAbs().maxCoeff(),
                kFloat32Rel * std::max(1.0, want.cwiseAbs().maxCoeff()))
          << k;
      ++k;
    }
}

TEST(IgtlLoopback, ClientReconnectsWithinASecond) {
  auto listener = Socket::listenLoopback(0);
  ASSERT_TRUE(listener.ok());
  const int port = listener->localPort();
  SourceStats stats;
  IgtlClientSource client({"127.0.0.1", port, {}}, now, wall, stats);
  std::stop_source stop;
  std::optional<TrackerFrame> first;
  std::jthread reader([&] { first = client.next(stop.get_token()); });
  {
    auto c1 = listener->accept(5.0);
    ASSERT_TRUE(c1.ok());
    const auto msg = igtl::encodeTransform("CoilToTracker", Eigen::Matrix4d::Identity(), wall());
    ASSERT_TRUE(c1->writeAll(msg.data(), msg.size()).ok());
    reader.join();
    ASSERT_TRUE(first.has_value());
  }  // the server drops the connection
  const double dropped = now();
  std::optional<TrackerFrame> second;
  std::jthread reader2([&] { second = client.next(stop.get_token()); });
  auto c2 = listener->accept(5.0);
  ASSERT_TRUE(c2.ok());
  EXPECT_LT(now() - dropped, 1.5);
  const auto msg = igtl::encodeTransform("CoilToTracker", Eigen::Matrix4d::Identity(), wall());
  ASSERT_TRUE(c2->writeAll(msg.data(), msg.size()).ok());
  reader2.join();
  EXPECT_EQ(stats.snapshot().reconnects, 1u);
}

TEST(IgtlLoopback, KeepAlivesAndBackwardTimestampsNeverRefreshAPose) {
  auto listener = Socket::listenLoopback(0);
  ASSERT_TRUE(listener.ok());
  SourceStats stats;
  IgtlClientSource client({"127.0.0.1", listener->localPort(), {}}, now, wall, stats);
  std::stop_source stop;
  std::vector<TrackerFrame> frames;
  std::jthread reader([&] {
    while (frames.size() < 2)
      if (auto f = client.next(stop.get_token()))
        frames.push_back(*f);
      else
        break;
  });
  auto c = listener->accept(5.0);
  ASSERT_TRUE(c.ok());
  const double t = wall();
  std::vector<std::uint8_t> stream;
  for (const auto& m :
       {igtl::encodeTransform("CoilToTracker", Eigen::Matrix4d::Identity(), t),
        igtl::encodeStatus("CoilToTracker", 1, "keep-alive", t + 0.1),
        igtl::encodeTransform("CoilToTracker", Eigen::Matrix4d::Identity(), t - 5.0),  // backwards
        igtl::encodeTransform("CoilToTracker", Eigen::Matrix4d::Identity(), 0.0)})     // zero
    stream.insert(stream.end(), m.begin(), m.end());
  ASSERT_TRUE(c->writeAll(stream.data(), stream.size()).ok());
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  stop.request_stop();
  reader.join();
  const auto counts = stats.snapshot();
  EXPECT_EQ(counts.samples, 3u);
  EXPECT_EQ(counts.valid, 2u);               // the backwards one was dropped
  EXPECT_EQ(counts.flagged_timestamps, 2u);  // backwards and zero
}

// Issue 27: PLUS's NRRD sequences and its tool names.
TEST(PlusSequence, NrrdSequenceGivesItsTrackingFieldsWithoutItsImages) {
  // PlusLibData's NwirePhantomFreehand.igs.nrrd (Python's re over the header up to the blank
  // line): 97 frames, Probe and Reference OK in all, Stylus INVALID in all; 345.627957 s
  // to 355.783014 s. The gzip image payload (820 x 616 x 97) is never read.
  const auto frames = load("NwirePhantomFreehand.igs.nrrd");
  ASSERT_EQ(frames.size(), 97u);
  EXPECT_DOUBLE_EQ(frames.front().timestamp_s, 345.627957);
  EXPECT_DOUBLE_EQ(frames.back().timestamp_s, 355.783014);
  std::map<std::string, int> ok, seen;
  for (const auto& f : frames)
    for (const auto& t : f.tools) ++seen[t.name], ok[t.name] += t.status_ok;
  EXPECT_EQ(seen, (std::map<std::string, int>{{"Probe", 97}, {"Reference", 97}, {"Stylus", 97}}));
  EXPECT_EQ(ok["Probe"], 97);
  EXPECT_EQ(ok["Stylus"], 0);
  const auto& probe = frames.front().tools.front();
  EXPECT_EQ(probe.name, "Probe");
  EXPECT_EQ(probe.transform, "ProbeToTracker");
  EXPECT_DOUBLE_EQ(probe.to_tracker(0, 3), -190.886);
  EXPECT_DOUBLE_EQ(probe.to_tracker(2, 3), -1949.07);
}

TEST(PlusSequence, ToolMappingsUsePlusNamesAndMustNameASentTool) {
  const auto frames = load("EightLandmarkPointsTrackedForPhantomRegistration.igs.mha");
  ToolMap map;
  EXPECT_EQ(map.toolFor("Stylus"), "Pointer");
  EXPECT_EQ(map.toolFor("StylusToTracker"), "Pointer") << "OpenIGTLink device names";
  map.user["Stylus"] = "CoilMarker";
  EXPECT_EQ(map.toolFor("Stylus"), "CoilMarker");
  EXPECT_EQ(map.toolFor("StylusToTracker"), "CoilMarker");
  EXPECT_FALSE(unsentTool(frames, map).has_value());
  const auto frame = trackerFrameOf(frames.front(), 1.0, map, nullptr);
  bool coil = false;
  for (const auto& t : frame.tools) coil |= t.tool == "CoilMarker" && t.status == PoseStatus::Ok;
  EXPECT_TRUE(coil) << "--tool Stylus=CoilMarker follows the stylus as the coil";
  ToolMap wrong;
  wrong.user["Coil"] = "CoilMarker";
  const auto why = unsentTool(frames, wrong);
  ASSERT_TRUE(why.has_value());
  EXPECT_NE(why->find("it has Reference, Stylus"), std::string::npos) << *why;
}

// A viewer closed before the recording ended is the normal end of a demo peer: the summary
// of what was sent, not a failure.
TEST(IgtlLoopback, AClientLeavingEndsTheServerCleanly) {
  const auto frames = load("EightLandmarkPointsTrackedForPhantomRegistration.igs.mha");
  auto listener = Socket::listenLoopback(0);
  ASSERT_TRUE(listener.ok());
  const int port = listener->localPort();
  Result<ServeSummary> served = Error{"not run"};
  std::jthread server([&] {
    served = serveSequence(frames, *listener, {100.0, false, 10.0}, now, wall);
  });
  {
    auto socket = Socket::connectTo("127.0.0.1", port, 2.0);
    ASSERT_TRUE(socket.ok()) << socket.error();
    std::uint8_t buf[4096];
    (void)socket->read(buf, sizeof buf, 1.0);  // some frames arrive, then the viewer closes
  }
  server.join();
  ASSERT_TRUE(served.ok()) << served.error();
  EXPECT_TRUE(served->client_left);
  EXPECT_GT(served->frames, 0u);
  EXPECT_LT(served->frames, frames.size());
}
