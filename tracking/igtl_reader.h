#pragma once
// Turns an OpenIGTLink byte stream into messages, one call per chunk read from a socket.
// Sizes are checked from the header before the body is buffered; unknown types with a
// sane size are skipped exactly; a fatal error means the connection must be closed.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "tracking/igtl_codec.h"

namespace tmsnav::igtl {

struct ReaderCounts {
  std::uint64_t messages = 0;  // well-framed messages with a good CRC
  std::uint64_t rejected = 0;  // bad CRC, bad body length, NaN, non-rigid, bad quaternion...
  std::uint64_t skipped = 0;   // unknown types
};

class StreamReader {
 public:
  using OnMessage = std::function<void(const Header&, const Body&)>;
  using OnRejected = std::function<void(const Header&, const std::string& why)>;
  StreamReader(OnMessage on_message, OnRejected on_rejected)
      : on_message_(std::move(on_message)), on_rejected_(std::move(on_rejected)) {}

  // Consumes bytes. An error is fatal for the connection (bad header, oversized body).
  Result<Done> feed(const std::uint8_t* data, size_t size);
  const ReaderCounts& counts() const { return counts_; }
  void reset();  // a new connection

 private:
  void finishBody();

  OnMessage on_message_;
  OnRejected on_rejected_;
  ReaderCounts counts_;
  std::vector<std::uint8_t> header_bytes_;
  std::optional<Header> header_;
  std::vector<std::uint8_t> body_;
  std::uint64_t skip_left_ = 0;
};

}  // namespace tmsnav::igtl
