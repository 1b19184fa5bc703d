#pragma once
// Minimal RAII TCP sockets (POSIX) for OpenIGTLink: connect with a timeout, listen on
// 127.0.0.1 only, read with a timeout, write everything.
#include <cstdint>
#include <string>

#include "core/result.h"

namespace tmsnav {

class Socket {
 public:
  Socket() = default;
  explicit Socket(int fd) : fd_(fd) {}
  ~Socket();
  Socket(Socket&& o) noexcept : fd_(o.fd_) { o.fd_ = -1; }
  Socket& operator=(Socket&& o) noexcept;
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;

  static Result<Socket> connectTo(const std::string& host, int port, double timeout_s);
  static Result<Socket> listenLoopback(int port);  // 127.0.0.1 only; port 0 = any free
  Result<Socket> accept(double timeout_s) const;   // Error "timeout" when none came
  int localPort() const;

  // Bytes read (0 = nothing within the timeout), or an error when the peer is gone.
  Result<size_t> read(std::uint8_t* buf, size_t size, double timeout_s);
  Result<Done> writeAll(const std::uint8_t* data, size_t size);
  bool valid() const { return fd_ >= 0; }
  // Graceful end: stop sending, read and discard until the peer closes (or the timeout),
  // so unread input does not turn the close into a reset that destroys data in flight.
  void finish(double timeout_s);
  void close();

 private:
  int fd_ = -1;
};

}  // namespace tmsnav
