#pragma once
// Append-only JSON-lines session log. Each record is one write(2) to an O_APPEND file, so
// a kill -9 loses at most the record being written; fsync runs at most once a second.
#include <string>

#include "tracking/guidance_session.h"
#include "tracking/result.h"

namespace tmsnav {

class SessionLog {
 public:
  static Result<SessionLog> open(const std::string& path);
  SessionLog(SessionLog&& other) noexcept;
  SessionLog& operator=(SessionLog&&) = delete;
  SessionLog(const SessionLog&) = delete;
  ~SessionLog();

  Result<Done> append(const std::string& json_line);  // without the trailing newline
  Result<Done> sync();

 private:
  explicit SessionLog(int fd) : fd_(fd) {}
  int fd_ = -1;
  double last_sync_s_ = 0.0;
};

// One guidance update as a JSON object (world RAS mm, degrees), fixed formatting so that
// equal inputs give byte-identical logs.
std::string formatGuidanceRecord(const GuidanceUpdate& u);
// The same plus each tool's status and sample age at now_s, and any events.
std::string formatTrackRecord(const GuidanceUpdate& u, const TrackerFrame& frame, double now_s);

}  // namespace tmsnav
