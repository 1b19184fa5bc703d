#include "tracking/igtl_codec.h"

#include <cmath>
#include <cstring>

#include "tracking/rigid.h"

namespace tmsnav::igtl {

namespace {
std::uint64_t readBE(const std::uint8_t* p, int bytes) {
  std::uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v = (v << 8) | p[i];
  return v;
}

void writeBE(std::vector<std::uint8_t>& out, std::uint64_t v, int bytes) {
  for (int i = bytes - 1; i >= 0; --i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

float readFloat(const std::uint8_t* p) {
  const std::uint32_t bits = static_cast<std::uint32_t>(readBE(p, 4));
  float f;
  std::memcpy(&f, &bits, 4);
  return f;
}

void writeFloat(std::vector<std::uint8_t>& out, double v) {
  const float f = static_cast<float>(v);
  std::uint32_t bits;
  std::memcpy(&bits, &f, 4);
  writeBE(out, bits, 4);
}

std::string fixedString(const std::uint8_t* p, size_t n) {
  size_t len = 0;
  while (len < n && p[len]) ++len;
  return std::string(reinterpret_cast<const char*>(p), len);
}

void writeFixed(std::vector<std::uint8_t>& out, const std::string& s, size_t n) {
  for (size_t i = 0; i < n; ++i) out.push_back(i < s.size() ? static_cast<std::uint8_t>(s[i]) : 0);
}

// 12 floats: the rotation's columns, then the translation (OpenIGTLink's order).
Result<Eigen::Isometry3d> matrixAt(const std::uint8_t* p) {
  Eigen::Matrix4d m = Eigen::Matrix4d::Identity();
  for (int c = 0; c < 3; ++c)
    for (int r = 0; r < 3; ++r) m(r, c) = readFloat(p + 4 * (3 * c + r));
  for (int r = 0; r < 3; ++r) m(r, 3) = readFloat(p + 36 + 4 * r);
  return toRigid(m);
}

Result<Eigen::Isometry3d> positionQuaternion(const double* pos, const double* quat) {
  for (int i = 0; i < 3; ++i)
    if (!std::isfinite(pos[i])) return Error{"position is not finite"};
  const Eigen::Quaterniond q(quat[3], quat[0], quat[1], quat[2]);  // wire order x, y, z, w
  if (!q.coeffs().allFinite()) return Error{"quaternion is not finite"};
  if (std::abs(q.norm() - 1.0) > kQuaternionNormTolerance)
    return Error{"quaternion is not a unit quaternion"};
  Eigen::Isometry3d m = Eigen::Isometry3d::Identity();
  m.linear() = q.normalized().toRotationMatrix();
  m.translation() = Eigen::Vector3d(pos[0], pos[1], pos[2]);
  return m;
}

Result<Body> decodePoses(const std::string& type, const std::string& device, const std::uint8_t* p,
                         size_t n) {
  PoseMessage out;
  if (type == "TRANSFORM") {
    if (n != kTransformBytes) return Error{"TRANSFORM body is not 48 bytes"};
    auto m = matrixAt(p);
    if (!m) return Error{"TRANSFORM: " + m.error()};
    out.tools.push_back({device, *m});
  } else if (type == "POSITION") {
    if (n != 12 && n != 24 && n != 28) return Error{"POSITION body is not 12, 24 or 28 bytes"};
    double pos[3], quat[4] = {0, 0, 0, 1};
    for (int i = 0; i < 3; ++i) pos[i] = readFloat(p + 4 * i);
    if (n == 24) {  // x, y, z given; w implied (positive)
      for (int i = 0; i < 3; ++i) quat[i] = readFloat(p + 12 + 4 * i);
      quat[3] = std::sqrt(
          std::max(0.0, 1.0 - (quat[0] * quat[0] + quat[1] * quat[1] + quat[2] * quat[2])));
    } else if (n == 28) {
      for (int i = 0; i < 4; ++i) quat[i] = readFloat(p + 12 + 4 * i);
    }
    auto m = positionQuaternion(pos, quat);
    if (!m) return Error{"POSITION: " + m.error()};
    out.tools.push_back({device, *m});
  } else if (type == "TDATA" || type == "QTDATA") {
    const size_t element = type == "TDATA" ? kTDataElementBytes : kQTDataElementBytes;
    if (n == 0 || n % element != 0)
      return Error{type + " body is not a non-zero multiple of " + std::to_string(element)};
    for (size_t at = 0; at < n; at += element) {
      const std::string name = fixedString(p + at, 20);
      Result<Eigen::Isometry3d> m = Error{""};
      if (type == "TDATA") {
        m = matrixAt(p + at + 22);
      } else {
        double pos[3], quat[4];
        for (int i = 0; i < 3; ++i) pos[i] = readFloat(p + at + 22 + 4 * i);
        for (int i = 0; i < 4; ++i) quat[i] = readFloat(p + at + 34 + 4 * i);
        m = positionQuaternion(pos, quat);
      }
      if (!m) return Error{type + " element " + name + ": " + m.error()};
      out.tools.push_back({name, *m});
    }
  }
  return Body(out);
}
}  // namespace

std::uint64_t maxBodyBytes(const std::string& type) {
  if (type == "TRANSFORM") return kTransformBytes + 4096;  // + v2 extended header/metadata
  if (type == "POSITION") return 28 + 4096;
  if (type == "STATUS" || type == "STRING") return 64 * 1024;
  if (type == "TDATA" || type == "QTDATA") return 1024 * kTDataElementBytes + 4096;
  return 16 * 1024 * 1024;  // other types are skipped, never buffered whole beyond this
}

std::uint64_t crc64(const std::uint8_t* data, size_t size, std::uint64_t crc) {
  // ECMA-182, MSB first, as OpenIGTLink computes it.
  static const auto table = [] {
    std::array<std::uint64_t, 256> t{};
    for (std::uint64_t i = 0; i < 256; ++i) {
      std::uint64_t v = i << 56;
      for (int b = 0; b < 8; ++b)
        v = (v & (1ULL << 63)) ? (v << 1) ^ 0x42F0E1EBA9EA3693ULL : v << 1;
      t[i] = v;
    }
    return t;
  }();
  for (size_t i = 0; i < size; ++i) crc = table[((crc >> 56) ^ data[i]) & 0xff] ^ (crc << 8);
  return crc;
}

double secondsFromTimestamp(std::uint64_t ts) {
  return static_cast<double>(ts >> 32) + static_cast<double>(ts & 0xffffffffULL) / 4294967296.0;
}

std::uint64_t timestampFromSeconds(double s) {
  if (!(s > 0)) return 0;
  const double whole = std::floor(s);
  return (static_cast<std::uint64_t>(whole) << 32) |
         static_cast<std::uint64_t>((s - whole) * 4294967296.0);
}

Result<Header> parseHeader(const std::uint8_t* b) {
  Header h;
  h.version = static_cast<std::uint16_t>(readBE(b, 2));
  if (h.version != 1 && h.version != 2)
    return Error{"unknown header version " + std::to_string(h.version)};
  h.type = fixedString(b + 2, 12);
  h.device = fixedString(b + 14, 20);
  h.timestamp = readBE(b + 34, 8);
  h.body_size = readBE(b + 42, 8);
  h.crc = readBE(b + 50, 8);
  if (h.type.empty()) return Error{"message type is empty"};
  if (h.body_size > maxBodyBytes(h.type))
    return Error{h.type + " body of " + std::to_string(h.body_size) + " bytes exceeds the limit"};
  return h;
}

Result<Body> decodeBody(const Header& h, const std::vector<std::uint8_t>& body) {
  const std::uint8_t* p = body.data();
  size_t n = body.size();
  if (h.version == 2) {  // extended header, content, metadata header + metadata
    if (n < kExtendedHeaderMinBytes) return Error{"extended header is too short"};
    const size_t ext = readBE(p, 2), meta_header = readBE(p + 2, 2), meta = readBE(p + 4, 4);
    if (ext < kExtendedHeaderMinBytes || ext + meta_header + meta > n)
      return Error{"extended header sizes do not fit the body"};
    p += ext;
    n -= ext + meta_header + meta;
  }
  const std::string& t = h.type;
  if (t == "TRANSFORM" || t == "POSITION" || t == "TDATA" || t == "QTDATA")
    return decodePoses(t, h.device, p, n);
  if (t == "STATUS") {
    if (n < 30) return Error{"STATUS body is shorter than 30 bytes"};
    return Body(StatusMessage{static_cast<std::uint16_t>(readBE(p, 2)), fixedString(p + 10, 20),
                              fixedString(p + 30, n - 30)});
  }
  if (t == "STRING") {
    if (n < 4 || readBE(p + 2, 2) != n - 4) return Error{"STRING length does not match its body"};
    return Body(StringMessage{std::string(reinterpret_cast<const char*>(p + 4), n - 4)});
  }
  return Body(UnknownMessage{});
}

std::vector<std::uint8_t> encodeMessage(const std::string& type, const std::string& device,
                                        double timestamp_s,
                                        const std::vector<std::uint8_t>& content,
                                        std::uint16_t header_version) {
  std::vector<std::uint8_t> body;
  if (header_version == 2) {
    writeBE(body, kExtendedHeaderMinBytes, 2);
    writeBE(body, 0, 2);  // metadata header size
    writeBE(body, 0, 4);  // metadata size
    writeBE(body, 0, 4);  // message id
  }
  body.insert(body.end(), content.begin(), content.end());
  std::vector<std::uint8_t> out;
  writeBE(out, header_version, 2);
  writeFixed(out, type, 12);
  writeFixed(out, device, 20);
  writeBE(out, timestampFromSeconds(timestamp_s), 8);
  writeBE(out, body.size(), 8);
  writeBE(out, crc64(body.data(), body.size()), 8);
  out.insert(out.end(), body.begin(), body.end());
  return out;
}

std::vector<std::uint8_t> encodeTransform(const std::string& device, const Eigen::Matrix4d& m,
                                          double timestamp_s, std::uint16_t header_version) {
  std::vector<std::uint8_t> content;
  for (int c = 0; c < 3; ++c)
    for (int r = 0; r < 3; ++r) writeFloat(content, m(r, c));
  for (int r = 0; r < 3; ++r) writeFloat(content, m(r, 3));
  return encodeMessage("TRANSFORM", device, timestamp_s, content, header_version);
}

std::vector<std::uint8_t> encodeStatus(const std::string& device, std::uint16_t code,
                                       const std::string& text, double timestamp_s) {
  std::vector<std::uint8_t> content;
  writeBE(content, code, 2);
  writeBE(content, 0, 8);  // subcode
  writeFixed(content, "", 20);
  content.insert(content.end(), text.begin(), text.end());
  content.push_back(0);
  return encodeMessage("STATUS", device, timestamp_s, content);
}

}  // namespace tmsnav::igtl
