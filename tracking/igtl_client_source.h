#pragma once
// An OpenIGTLink client (e.g. of PLUS Server) as a tracker source: connects, reconnects
// with back-off, decodes strictly, and stamps each pose with the local monotonic clock
// when it arrived. Source timestamps are only checked (zero, backwards, future), never
// trusted to make a pose look fresh.
#include <functional>
#include <map>
#include <string>

#include "tracking/igtl_reader.h"
#include "tracking/socket.h"
#include "tracking/source_stats.h"
#include "tracking/tracker_worker.h"

namespace tmsnav {

struct IgtlClientOptions {
  std::string host = "127.0.0.1";
  int port = 18944;
  ToolMap tools;
  double connect_timeout_s = 1.0;
  double max_backoff_s = 1.0;
};

class IgtlClientSource : public TrackerSource {
 public:
  IgtlClientSource(IgtlClientOptions options, std::function<double()> now_s,
                   std::function<double()> wall_s, SourceStats& stats);
  std::optional<TrackerFrame> next(std::stop_token stop) override;

 private:
  void connect();
  void onMessage(const igtl::Header& h, const igtl::Body& body);
  bool checkTimestamp(const std::string& device, std::uint64_t ts);

  IgtlClientOptions options_;
  std::function<double()> now_s_, wall_s_;
  SourceStats& stats_;
  Socket socket_;
  igtl::StreamReader reader_;
  bool ever_connected_ = false;
  double retry_at_s_ = 0.0, backoff_s_ = 0.1;
  std::map<std::string, ToolPose> latest_;           // by tmsnav tool name
  std::map<std::string, std::uint64_t> last_stamp_;  // by device, for monotonicity
  bool fresh_ = false;
  std::vector<std::string> events_;
};

}  // namespace tmsnav
