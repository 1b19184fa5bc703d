#include "tracking/igtl_reader.h"

#include <algorithm>

namespace tmsnav::igtl {

namespace {
bool known(const std::string& type) {
  return type == "TRANSFORM" || type == "POSITION" || type == "TDATA" || type == "QTDATA" ||
         type == "STATUS" || type == "STRING";
}
}  // namespace

void StreamReader::reset() {
  header_bytes_.clear();
  header_.reset();
  body_.clear();
  skip_left_ = 0;
}

void StreamReader::finishBody() {
  const Header h = *header_;
  header_.reset();
  if (crc64(body_.data(), body_.size()) != h.crc) {
    ++counts_.rejected;
    on_rejected_(h, "bad CRC");
    return;
  }
  auto body = decodeBody(h, body_);
  if (!body) {
    ++counts_.rejected;
    on_rejected_(h, body.error());
    return;
  }
  ++counts_.messages;
  on_message_(h, *body);
}

Result<Done> StreamReader::feed(const std::uint8_t* data, size_t size) {
  size_t at = 0;
  while (at < size) {
    if (skip_left_ > 0) {  // the body of an unknown type
      const size_t n = static_cast<size_t>(std::min<std::uint64_t>(skip_left_, size - at));
      skip_left_ -= n, at += n;
      continue;
    }
    if (!header_) {
      const size_t n = std::min(kHeaderBytes - header_bytes_.size(), size - at);
      header_bytes_.insert(header_bytes_.end(), data + at, data + at + n);
      at += n;
      if (header_bytes_.size() < kHeaderBytes) break;
      auto h = parseHeader(header_bytes_.data());
      header_bytes_.clear();
      if (!h) {
        ++counts_.rejected;
        return Error{h.error()};
      }
      if (!known(h->type)) {
        ++counts_.skipped;
        skip_left_ = h->body_size;
        continue;
      }
      header_ = *h;
      body_.clear();
      body_.reserve(static_cast<size_t>(h->body_size));  // bounded by maxBodyBytes
      if (h->body_size == 0) finishBody();
      continue;
    }
    const size_t n =
        static_cast<size_t>(std::min<std::uint64_t>(header_->body_size - body_.size(), size - at));
    body_.insert(body_.end(), data + at, data + at + n);
    at += n;
    if (body_.size() == header_->body_size) finishBody();
  }
  return Done{};
}

}  // namespace tmsnav::igtl
