#pragma once
// Append-only JSON-lines session log. Each record is one write(2) to an O_APPEND file on
// the caller's thread, so a kill -9 loses at most the record being written. fsync (for
// power loss) runs once a second on the log's own thread: it can take milliseconds and
// must never stall the UI.
#include <memory>
#include <string>

#include "core/result.h"
#include "tracking/guidance_session.h"

namespace tmsnav {

class SessionLog {
 public:
  static Result<SessionLog> open(const std::string& path);
  SessionLog(SessionLog&&) noexcept;
  SessionLog& operator=(SessionLog&&) = delete;
  SessionLog(const SessionLog&) = delete;
  ~SessionLog();  // a final fsync, then close

  Result<Done> append(const std::string& json_line);  // without the trailing newline
  Result<Done> sync();                                // fsync now, on the caller's thread

 private:
  struct State;
  explicit SessionLog(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

// An LPS 4x4 written as world RAS, 4 row arrays (mm with 3 decimals, rotations with 6).
std::string formatRasMatrix(const Eigen::Matrix4d& lps);
// A number with fixed decimals; null when not finite; no "-0.000".
std::string formatNumber(double v, int decimals);
// One guidance update as a JSON object (world RAS mm, degrees), fixed formatting so that
// equal inputs give byte-identical logs.
std::string formatGuidanceRecord(const GuidanceUpdate& u);
// Text as a JSON string body: quotes and backslashes escaped, control characters dropped.
std::string jsonEscaped(const std::string& text);
// The same plus each tool's status and sample age at now_s, and any events.
std::string formatTrackRecord(const GuidanceUpdate& u, const TrackerFrame& frame, double now_s);

}  // namespace tmsnav
