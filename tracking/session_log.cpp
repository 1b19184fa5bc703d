#include "tracking/session_log.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <stop_token>
#include <thread>

#include "core/coords.h"

namespace tmsnav {

namespace {
void appendNumber(std::string& out, double v, int decimals) {
  if (!std::isfinite(v)) {
    out += "null";
    return;
  }
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  // "-0.000" and "0.000" must be the same record: drop the sign of a rounded zero.
  const char* text = buf;
  if (buf[0] == '-' && std::strspn(buf + 1, "0.") == std::strlen(buf + 1)) ++text;
  out += text;
}
}  // namespace

struct SessionLog::State {
  int fd = -1;
  std::atomic<bool> dirty{false};
  std::mutex mutex;
  std::condition_variable_any wake;
  std::jthread syncer;  // declared last: stopped and joined before fd is closed

  explicit State(int f) : fd(f) {
    syncer = std::jthread([this](std::stop_token stop) {
      std::unique_lock lock(mutex);
      while (!stop.stop_requested()) {
        wake.wait_for(lock, stop, std::chrono::seconds(1), [] { return false; });
        if (dirty.exchange(false)) ::fsync(fd);
      }
    });
  }
  ~State() {
    syncer.request_stop();
    if (syncer.joinable()) syncer.join();
    ::fsync(fd);
    ::close(fd);
  }
};

SessionLog::SessionLog(std::unique_ptr<State> state) : state_(std::move(state)) {}
SessionLog::SessionLog(SessionLog&&) noexcept = default;
SessionLog::~SessionLog() = default;

Result<SessionLog> SessionLog::open(const std::string& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) return Error{"cannot open session log " + path + ": " + std::strerror(errno)};
  return SessionLog(std::make_unique<State>(fd));
}

Result<Done> SessionLog::append(const std::string& json_line) {
  const std::string line = json_line + "\n";
  size_t written = 0;
  while (written < line.size()) {
    const ssize_t n = ::write(state_->fd, line.data() + written, line.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return Error{std::string("session log write failed: ") + std::strerror(errno)};
    written += static_cast<size_t>(n);
  }
  state_->dirty = true;
  return Done{};
}

Result<Done> SessionLog::sync() {
  state_->dirty = false;
  if (::fsync(state_->fd) != 0)
    return Error{std::string("session log fsync failed: ") + std::strerror(errno)};
  return Done{};
}

std::string formatRasMatrix(const Eigen::Matrix4d& lps) {
  const Eigen::Matrix4d m = rasMatrixFromLps(lps);
  std::string s = "[";
  for (int r = 0; r < 4; ++r) {
    s += r ? ",[" : "[";
    for (int c = 0; c < 4; ++c) {
      if (c) s += ",";
      appendNumber(s, m(r, c), c == 3 ? 3 : 6);
    }
    s += "]";
  }
  return s + "]";
}

std::string formatNumber(double v, int decimals) {
  std::string s;
  appendNumber(s, v, decimals);
  return s;
}

std::string formatGuidanceRecord(const GuidanceUpdate& u) {
  std::string s = "{\"t_s\":";
  appendNumber(s, u.t_s, 3);
  s += ",\"state\":\"";
  s += toString(u.state);
  s += "\",\"position_error_mm\":";
  appendNumber(s, u.errors ? u.errors->position_mm : NAN, 3);
  s += ",\"tilt_error_deg\":";
  appendNumber(s, u.errors ? degFromRad(u.errors->tilt_rad) : NAN, 3);
  s += ",\"handle_error_deg\":";
  appendNumber(s, u.errors ? degFromRad(u.errors->handle_rad) : NAN, 3);
  s += ",\"tangent_error_mm\":";
  appendNumber(s, u.errors ? u.errors->offset_target_mm.head<2>().norm() : NAN, 3);
  s += ",\"depth_error_mm\":";  // + means the coil is deeper (into the head) than planned
  appendNumber(s, u.errors ? u.errors->offset_target_mm.z() : NAN, 3);
  s += ",\"coil_to_mri_ras\":";
  s += u.coil_to_mri ? formatRasMatrix(u.coil_to_mri->matrix()) : std::string("null");
  if (!u.reason.empty()) {
    s += ",\"reason\":\"";
    for (char ch : u.reason) s += (ch == '"' || ch == '\\') ? '_' : ch;
    s += "\"";
  }
  s += "}";
  return s;
}

}  // namespace tmsnav

namespace tmsnav {

std::string jsonEscaped(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    if (static_cast<unsigned char>(c) >= 0x20) out += c;
  }
  return out;
}

std::string formatTrackRecord(const GuidanceUpdate& u, const TrackerFrame& frame, double now_s) {
  std::string s = formatGuidanceRecord(u);
  s.pop_back();  // the closing brace
  s += ",\"tools\":{";
  for (size_t i = 0; i < frame.tools.size(); ++i) {
    const ToolPose& t = frame.tools[i];
    if (i) s += ",";
    s += "\"" + jsonEscaped(t.tool) + "\":{\"status\":\"" + toString(t.status) + "\",\"age_s\":";
    appendNumber(s, now_s - t.timestamp_s, 4);
    s += "}";
  }
  s += "}";
  if (!frame.events.empty()) {
    s += ",\"events\":[";
    for (size_t i = 0; i < frame.events.size(); ++i)
      s += (i ? ",\"" : "\"") + jsonEscaped(frame.events[i]) + "\"";
    s += "]";
  }
  s += "}";
  return s;
}

}  // namespace tmsnav
