#include "tracking/socket.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace tmsnav {

namespace {
int millis(double s) {
  return s <= 0 ? 0 : static_cast<int>(s * 1000.0 + 0.5);
}
}  // namespace

Socket::~Socket() {
  close();
}

Socket& Socket::operator=(Socket&& o) noexcept {
  if (this != &o) {
    close();
    fd_ = o.fd_;
    o.fd_ = -1;
  }
  return *this;
}

void Socket::finish(double timeout_s) {
  if (fd_ < 0) return;
  ::shutdown(fd_, SHUT_WR);
  std::uint8_t buf[4096];
  const int steps = std::max(1, millis(timeout_s) / 50);
  for (int i = 0; i < steps; ++i) {
    auto n = read(buf, sizeof buf, 0.05);
    if (!n) break;  // the peer closed
  }
  close();
}

void Socket::close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

Result<Socket> Socket::connectTo(const std::string& host, int port, double timeout_s) {
  addrinfo hints{};
  hints.ai_family = AF_INET;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* res = nullptr;
  if (getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &res) != 0 || !res)
    return Error{"cannot resolve " + host};
  Socket s(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
  if (!s.valid()) {
    freeaddrinfo(res);
    return Error{"cannot create a socket"};
  }
  int rc = ::connect(s.fd_, res->ai_addr, res->ai_addrlen);
  freeaddrinfo(res);
  if (rc != 0 && errno != EINPROGRESS)
    return Error{std::string("cannot connect: ") + std::strerror(errno)};
  pollfd p{s.fd_, POLLOUT, 0};
  if (rc != 0 && ::poll(&p, 1, millis(timeout_s)) != 1) return Error{"connect timed out"};
  int err = 0;
  socklen_t len = sizeof err;
  getsockopt(s.fd_, SOL_SOCKET, SO_ERROR, &err, &len);
  if (err != 0) return Error{std::string("cannot connect: ") + std::strerror(err)};
  const int one = 1;
  setsockopt(s.fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return s;
}

Result<Socket> Socket::listenLoopback(int port) {
  Socket s(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (!s.valid()) return Error{"cannot create a socket"};
  const int one = 1;
  setsockopt(s.fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::bind(s.fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0)
    return Error{"cannot listen on 127.0.0.1:" + std::to_string(port) + ": " +
                 std::strerror(errno)};
  if (::listen(s.fd_, 1) != 0) return Error{std::string("cannot listen: ") + std::strerror(errno)};
  return s;
}

Result<Socket> Socket::accept(double timeout_s) const {
  pollfd p{fd_, POLLIN, 0};
  if (::poll(&p, 1, millis(timeout_s)) != 1) return Error{"timeout"};
  Socket c(::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC));
  if (!c.valid()) return Error{std::string("accept failed: ") + std::strerror(errno)};
  const int one = 1;
  setsockopt(c.fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return c;
}

int Socket::localPort() const {
  sockaddr_in addr{};
  socklen_t len = sizeof addr;
  getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  return ntohs(addr.sin_port);
}

Result<size_t> Socket::read(std::uint8_t* buf, size_t size, double timeout_s) {
  pollfd p{fd_, POLLIN, 0};
  const int ready = ::poll(&p, 1, millis(timeout_s));
  if (ready == 0) return size_t{0};
  if (ready < 0)
    return errno == EINTR ? Result<size_t>(size_t{0}) : Result<size_t>(Error{"poll failed"});
  const ssize_t n = ::recv(fd_, buf, size, 0);
  if (n == 0) return Error{"connection closed by the peer"};
  if (n < 0)
    return (errno == EAGAIN || errno == EINTR)
               ? Result<size_t>(size_t{0})
               : Result<size_t>(Error{std::string("read failed: ") + std::strerror(errno)});
  return static_cast<size_t>(n);
}

Result<Done> Socket::writeAll(const std::uint8_t* data, size_t size) {
  size_t sent = 0;
  while (sent < size) {
    const ssize_t n = ::send(fd_, data + sent, size - sent, MSG_NOSIGNAL);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) {
      pollfd p{fd_, POLLOUT, 0};
      ::poll(&p, 1, 100);
      continue;
    }
    if (n <= 0) return Error{std::string("write failed: ") + std::strerror(errno)};
    sent += static_cast<size_t>(n);
  }
  return Done{};
}

}  // namespace tmsnav
