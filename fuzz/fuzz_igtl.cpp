// OpenIGTLink: the stream reader on the raw bytes (framing, sizes, CRC), and every message
// type's body decoder on the same bytes as a header plus a body whose CRC is taken as
// verified (a fuzzer cannot forge CRC-64, so without this the bodies would stay unreached).
#include <cstdint>
#include <cstring>
#include <vector>

#include "tracking/igtl_codec.h"
#include "tracking/igtl_reader.h"

using namespace tmsnav::igtl;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, size_t size) {
  StreamReader reader([](const Header&, const Body&) {}, [](const Header&, const std::string&) {});
  // Chunked as a socket would deliver it: the first byte picks the chunk size.
  const size_t chunk = size ? 1 + data[0] % 97 : 1;
  for (size_t at = 0; at < size; at += chunk)
    if (!reader.feed(data + at, std::min(chunk, size - at))) break;

  if (size < kHeaderBytes) return 0;
  static const char* kTypes[] = {"TRANSFORM", "POSITION",  "TDATA",     "QTDATA",   "STATUS",
                                 "STRING",    "GET_TDATA", "STT_TDATA", "RTS_TDATA"};
  std::vector<std::uint8_t> header(data, data + kHeaderBytes);
  std::vector<std::uint8_t> body(data + kHeaderBytes, data + size);
  auto h = parseHeader(header.data());
  if (h) {
    h->body_size = body.size();
    (void)decodeBody(*h, body);
  }
  // The same body as each known type, header versions 1 and 2.
  Header forced;
  forced.body_size = body.size();
  for (const char* type : kTypes)
    for (std::uint16_t version : {1, 2}) {
      forced.type = type;
      forced.version = version;
      (void)decodeBody(forced, body);
    }
  return 0;
}
