// Tracking benchmarks: OpenIGTLink over loopback at full speed (throughput, loss, latency
// from socket read to guidance state) and guidance cost per pose with scalp projection.
// One JSON object per line.
#include <algorithm>
#include <chrono>
#include <iostream>
#include <thread>

#include <nlohmann/json.hpp>

#include "bench/bench_common.h"
#include "imaging/head_model.h"
#include "imaging/surface_index.h"
#include "tracking/guidance_session.h"
#include "tracking/igtl_client_source.h"
#include "tracking/igtl_codec.h"
#include "tracking/simulated_tracker.h"

using namespace tmsnav;

namespace {
constexpr int kMessages = 200000;              // two tools per frame: 100k frames
constexpr double kInvesaliusUpdateS = 110e-6;  // issue 6: InVesalius's cost per sample
constexpr double kInvesaliusRateHz = 5.0;

double now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}
double wall() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

double percentile(std::vector<double> v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[static_cast<size_t>(q * (v.size() - 1))];
}

// paced_hz 0: as fast as possible (batched writes); otherwise one message per period.
nlohmann::json benchLoopback(int messages, double paced_hz) {
  auto listener = Socket::listenLoopback(0);
  if (!listener) throw std::runtime_error(listener.error());
  const int port = listener->localPort();
  std::jthread sender([&] {
    auto client = listener->accept(10.0);
    if (!client) return;
    Eigen::Matrix4d m = Eigen::Matrix4d::Identity();
    std::vector<std::uint8_t> batch;
    const double start = now();
    for (int i = 0; i < messages; ++i) {
      m(0, 3) = i * 0.001;
      if (paced_hz > 0)
        std::this_thread::sleep_for(
            std::chrono::duration<double>(std::max(0.0, start + i / paced_hz - now())));
      const auto a =
          igtl::encodeTransform(i % 2 ? "ReferenceToTracker" : "CoilToTracker", m, wall());
      batch.insert(batch.end(), a.begin(), a.end());
      if (paced_hz > 0 || batch.size() > 64 * 1024 || i + 1 == messages) {
        if (!client->writeAll(batch.data(), batch.size())) return;
        batch.clear();
      }
    }
    client->finish(5.0);
  });
  SourceStats stats;
  IgtlClientSource source({"127.0.0.1", port, {}}, now, wall, stats);
  TrackingSetup setup;
  setup.max_age_s = 1.0;
  GuidanceSession session(Transform<frame::Target, frame::Mri>(), setup);
  std::vector<double> latency;
  latency.reserve(messages);
  std::stop_source stop;
  const double t0 = now();
  double t_last = t0;
  while (stats.snapshot().samples < static_cast<std::uint64_t>(messages) && now() - t0 < 60.0) {
    auto frame = source.next(stop.get_token());
    if (!frame) break;
    session.step(*frame, now());
    t_last = now();
    latency.push_back(t_last - frame->timestamp_s);  // read+decode stamp to guidance state
  }
  const double seconds = t_last - t0;
  const auto c = stats.snapshot();
  return {{"benchmark", paced_hz > 0 ? "igtl_loopback_paced" : "igtl_loopback_full_speed"},
          {"paced_hz", paced_hz},
          {"sent", messages},
          {"received", c.samples},
          {"lost", messages - static_cast<long>(c.samples)},
          {"rejected", c.rejected},
          {"seconds", seconds},
          {"poses_per_s", c.samples / seconds},
          {"latency_p50_us", 1e6 * percentile(latency, 0.5)},
          {"latency_p99_us", 1e6 * percentile(latency, 0.99)},
          {"peer",
           {{"name", "invesalius update loop (issue 6)"},
            {"rate_hz", kInvesaliusRateHz},
            {"ratio", c.samples / seconds / kInvesaliusRateHz}}}};
}

nlohmann::json benchGuidanceWithScalp() {
  auto v = loadHeadVolume("/usr/share/mricron/templates/ch2.nii.gz");
  if (!v) throw std::runtime_error(v.error());
  auto m = buildHeadModel(*v, {});
  if (!m) throw std::runtime_error(m.error());
  // The one nearest-scalp-point query (SurfaceIndex), as the app asks it under the coil.
  const SurfaceIndex scalp(m->scalp_lps);
  scalp.build();
  const auto target = bench::sampleTarget();
  const TrackingSetup setup = simulatedSetup();
  const std::vector<TrackerFrame> frames = bench::holdingFrames(target, setup, 1000);
  GuidanceSession session(target, setup);
  const long n = 500000;
  double sum_mm = 0;
  const double t0 = now();
  for (long i = 0; i < n; ++i) {
    const TrackerFrame& f = frames[i % frames.size()];
    const GuidanceUpdate u = session.step(f, f.timestamp_s);
    if (!u.coil_to_mri) continue;
    const Eigen::Vector3d centre = u.coil_to_mri->translation();
    if (auto p = scalp.nearest(centre)) sum_mm += (*p - centre).norm();
  }
  const double per = (now() - t0) / n;
  return {{"benchmark", "guidance_with_scalp_projection"},
          {"updates", n},
          {"scalp_vertices", static_cast<long long>(m->scalp_lps->GetNumberOfPoints())},
          {"us_per_update", per * 1e6},
          {"mean_coil_to_scalp_mm", sum_mm / n},
          {"peer",
           {{"name", "invesalius per-sample cost (issue 6)"},
            {"us_per_update", kInvesaliusUpdateS * 1e6},
            {"speedup", kInvesaliusUpdateS / per}}}};
}
}  // namespace

int main() {
  try {
    std::cout << benchLoopback(kMessages, 0.0).dump() << std::endl;
    std::cout << benchLoopback(3000, 1000.0).dump() << std::endl;
    std::cout << benchGuidanceWithScalp().dump() << std::endl;
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << std::endl;
    return 1;
  }
  return 0;
}
