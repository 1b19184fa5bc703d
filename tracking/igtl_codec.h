#pragma once
// A small, strict OpenIGTLink codec (protocol versions 1-3; header versions 1 and 2).
// Written here rather than taken from the Debian library, which was measured to crash on
// a header with body_size 0x80000010, over-read short TRANSFORM bodies and accept NaN or
// non-rigid matrices. Every size is checked before anything is allocated or read.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <Eigen/Geometry>

#include "core/result.h"

namespace tmsnav::igtl {

constexpr size_t kHeaderBytes = 58;
constexpr size_t kTransformBytes = 48;
constexpr size_t kTDataElementBytes = 70;
constexpr size_t kQTDataElementBytes = 50;
constexpr size_t kExtendedHeaderMinBytes = 12;
constexpr double kQuaternionNormTolerance = 0.01;  // |q| outside [0.99, 1.01] is refused

struct Header {
  std::uint16_t version = 1;  // header version: 1 (protocol 1-2) or 2 (protocol 3)
  std::string type;           // "TRANSFORM", ...
  std::string device;
  std::uint64_t timestamp = 0;  // 32.32 fixed point seconds
  std::uint64_t body_size = 0;
  std::uint64_t crc = 0;
};

// Largest body accepted for a message type; anything bigger closes the connection.
std::uint64_t maxBodyBytes(const std::string& type);
std::uint64_t crc64(const std::uint8_t* data, size_t size, std::uint64_t crc = 0);
double secondsFromTimestamp(std::uint64_t ts);
std::uint64_t timestampFromSeconds(double s);

Result<Header> parseHeader(const std::uint8_t* bytes);  // kHeaderBytes of them

struct ToolSample {
  std::string name;
  Eigen::Isometry3d tool_to_tracker = Eigen::Isometry3d::Identity();
};
struct PoseMessage {  // TRANSFORM, POSITION, TDATA, QTDATA: one or more poses
  std::vector<ToolSample> tools;
};
struct StatusMessage {
  std::uint16_t code = 0;
  std::string error_name, text;
};
struct StringMessage {
  std::string text;
};
struct UnknownMessage {};
using Body = std::variant<PoseMessage, StatusMessage, StringMessage, UnknownMessage>;

// The content of a message whose CRC has been verified (v2 extended header handled).
// Errors mean a malformed message of a known type: it is dropped and counted.
Result<Body> decodeBody(const Header& h, const std::vector<std::uint8_t>& body);

// Encoders (for serve-igtl and tests). Header version 1 unless stated.
std::vector<std::uint8_t> encodeTransform(const std::string& device, const Eigen::Matrix4d& m,
                                          double timestamp_s, std::uint16_t header_version = 1);
std::vector<std::uint8_t> encodeStatus(const std::string& device, std::uint16_t code,
                                       const std::string& text, double timestamp_s);
std::vector<std::uint8_t> encodeMessage(const std::string& type, const std::string& device,
                                        double timestamp_s, const std::vector<std::uint8_t>& body,
                                        std::uint16_t header_version = 1);

}  // namespace tmsnav::igtl
