// The OpenIGTLink codec and stream reader against hostile and broken input.
#include <gtest/gtest.h>

#include <cmath>

#include "tracking/igtl_reader.h"

using namespace tmsnav;
using namespace tmsnav::igtl;

namespace {
constexpr double kFloatTol = 1e-5;  // float32 on the wire

struct Collector {
  std::vector<Body> bodies;
  std::vector<std::string> rejected;
  StreamReader reader{[this](const Header&, const Body& b) { bodies.push_back(b); },
                      [this](const Header&, const std::string& why) { rejected.push_back(why); }};
  Result<Done> feed(const std::vector<std::uint8_t>& bytes) {
    return reader.feed(bytes.data(), bytes.size());
  }
};

Eigen::Matrix4d pose() {
  Eigen::Isometry3d m = Eigen::Isometry3d::Identity();
  m.linear() = Eigen::AngleAxisd(0.7, Eigen::Vector3d(1, 2, 3).normalized()).toRotationMatrix();
  m.translation() = Eigen::Vector3d(10.5, -20.25, 1500);
  return m.matrix();
}

std::vector<std::uint8_t> withBody(const std::string& type, std::vector<std::uint8_t> body) {
  return encodeMessage(type, "Dev", 1.0, body);
}

std::vector<std::uint8_t> floats(const std::vector<float>& v) {
  std::vector<std::uint8_t> out;
  for (float f : v) {
    std::uint32_t bits;
    std::memcpy(&bits, &f, 4);
    for (int i = 3; i >= 0; --i) out.push_back(static_cast<std::uint8_t>(bits >> (8 * i)));
  }
  return out;
}

// A header claiming `body_size` bytes, with nothing behind it.
std::vector<std::uint8_t> headerClaiming(const std::string& type, std::uint64_t body_size,
                                         std::uint16_t version = 1) {
  auto msg = encodeMessage(type, "Dev", 1.0, {}, version);
  for (int i = 0; i < 8; ++i) msg[42 + i] = static_cast<std::uint8_t>(body_size >> (8 * (7 - i)));
  return msg;
}

const Eigen::Isometry3d& firstPose(const Body& b) {
  return std::get<PoseMessage>(b).tools.at(0).tool_to_tracker;
}
}  // namespace

TEST(IgtlCodec, TransformRoundTripsInBothHeaderVersions) {
  for (std::uint16_t version : {1, 2}) {
    Collector c;
    ASSERT_TRUE(c.feed(encodeTransform("CoilToTracker", pose(), 12.5, version)).ok());
    ASSERT_EQ(c.bodies.size(), 1u);
    EXPECT_LT((firstPose(c.bodies[0]).matrix() - pose()).cwiseAbs().maxCoeff(), kFloatTol * 1500);
    EXPECT_EQ(std::get<PoseMessage>(c.bodies[0]).tools[0].name, "CoilToTracker");
  }
  EXPECT_NEAR(secondsFromTimestamp(timestampFromSeconds(1234.5678)), 1234.5678, 1e-9);
}

TEST(IgtlCodec, OversizedBodiesCloseTheConnectionBeforeAnyAllocation) {
  for (std::uint64_t size : {1ULL << 44, 0x80000010ULL, 0x7FFFFFF0ULL}) {
    Collector c;
    EXPECT_FALSE(c.feed(headerClaiming("TRANSFORM", size)).ok()) << size;
    Collector u;  // unknown types too: skipping 2^44 bytes would hang the stream
    EXPECT_FALSE(u.feed(headerClaiming("IMAGE", size)).ok()) << size;
  }
}

TEST(IgtlCodec, WrongBodyLengthsAreRejectedAndTheNextMessageIsUsed) {
  Collector c;
  const auto good = encodeTransform("T", pose(), 1.0);
  ASSERT_TRUE(c.feed(withBody("TRANSFORM", std::vector<std::uint8_t>(47))).ok());
  ASSERT_TRUE(c.feed(withBody("TRANSFORM", std::vector<std::uint8_t>(49))).ok());
  ASSERT_TRUE(c.feed(withBody("POSITION", std::vector<std::uint8_t>(16))).ok());
  ASSERT_TRUE(c.feed(withBody("TDATA", std::vector<std::uint8_t>(0))).ok());
  ASSERT_TRUE(c.feed(withBody("TDATA", std::vector<std::uint8_t>(71))).ok());
  ASSERT_TRUE(c.feed(withBody("QTDATA", std::vector<std::uint8_t>(49))).ok());
  ASSERT_TRUE(c.feed(good).ok());
  EXPECT_EQ(c.rejected.size(), 6u);
  ASSERT_EQ(c.bodies.size(), 1u);
  EXPECT_EQ(c.reader.counts().rejected, 6u);
}

TEST(IgtlCodec, BadCrcIsDroppedAndCounted) {
  Collector c;
  auto bad = encodeTransform("T", pose(), 1.0);
  bad.back() ^= 0x01;
  ASSERT_TRUE(c.feed(bad).ok());
  ASSERT_TRUE(c.feed(encodeTransform("T", pose(), 1.0)).ok());
  EXPECT_EQ(c.rejected, std::vector<std::string>{"bad CRC"});
  EXPECT_EQ(c.bodies.size(), 1u);
}

TEST(IgtlCodec, UnknownHeaderVersionIsFatal) {
  Collector c;
  auto msg = encodeTransform("T", pose(), 1.0);
  msg[1] = 3;
  EXPECT_FALSE(c.feed(msg).ok());
  EXPECT_TRUE(c.bodies.empty());
}

TEST(IgtlCodec, UnknownTypesAreSkippedExactlyEvenByteByByte) {
  Collector c;
  std::vector<std::uint8_t> stream = withBody("IMAGE", std::vector<std::uint8_t>(1000, 0xAB));
  const auto good = encodeTransform("T", pose(), 1.0);
  stream.insert(stream.end(), good.begin(), good.end());
  for (std::uint8_t byte : stream) ASSERT_TRUE(c.reader.feed(&byte, 1).ok());
  EXPECT_EQ(c.reader.counts().skipped, 1u);
  ASSERT_EQ(c.bodies.size(), 1u);
}

TEST(IgtlCodec, NanNonRigidAndNonUnitQuaternionsAreRefused) {
  Collector c;
  Eigen::Matrix4d nan = pose();
  nan(0, 3) = std::nan("");
  Eigen::Matrix4d stretched = pose();
  stretched.col(0) *= 1.002;  // |R^T R - I| = 4e-3 > 1e-3
  Eigen::Matrix4d mirrored = pose();
  mirrored.col(2) *= -1.0;  // det = -1
  Eigen::Matrix4d rounded = pose();
  rounded(0, 0) += 4e-4;  // like PLUS files: accepted and re-orthonormalised
  for (const auto& m : {nan, stretched, mirrored, rounded})
    ASSERT_TRUE(c.feed(encodeTransform("T", m, 1.0)).ok());
  ASSERT_TRUE(c.feed(withBody("POSITION", floats({1, 2, 3, 0, 0, 0, 0.98f}))).ok());  // |q| = 0.98
  ASSERT_TRUE(c.feed(withBody("POSITION", floats({1, 2, 3, 0, 0, 0, 1.0f}))).ok());
  ASSERT_TRUE(c.feed(withBody("POSITION", floats({1, 2, 3}))).ok());
  ASSERT_TRUE(c.feed(withBody("QTDATA",
                              [] {
                                std::vector<std::uint8_t> e(22, 0);
                                auto f = floats({1, 2, 3, 0, 0, 0, std::nanf("")});
                                e.insert(e.end(), f.begin(), f.end());
                                return e;
                              }()))
                  .ok());
  EXPECT_EQ(c.rejected.size(), 5u);
  ASSERT_EQ(c.bodies.size(), 3u);
  const Eigen::Matrix3d r = firstPose(c.bodies[0]).linear();
  EXPECT_LT((r.transpose() * r - Eigen::Matrix3d::Identity()).norm(), 1e-12);
}

TEST(IgtlCodec, TdataCarriesSeveralToolsAndStatusAndStringDecode) {
  std::vector<std::uint8_t> body;
  for (const char* name : {"CoilToTracker", "ReferenceToTracker"}) {
    std::vector<std::uint8_t> e(22, 0);
    std::memcpy(e.data(), name, std::strlen(name));
    auto m = floats({1, 0, 0, 0, 1, 0, 0, 0, 1, 5, 6, 7});
    e.insert(e.end(), m.begin(), m.end());
    body.insert(body.end(), e.begin(), e.end());
  }
  Collector c;
  ASSERT_TRUE(c.feed(withBody("TDATA", body)).ok());
  ASSERT_TRUE(c.feed(encodeStatus("Dev", 1, "keep-alive", 1.0)).ok());
  std::vector<std::uint8_t> str = {0, 3, 0, 5, 'p', 'u', 'l', 's', 'e'};
  ASSERT_TRUE(c.feed(withBody("STRING", str)).ok());
  ASSERT_EQ(c.bodies.size(), 3u);
  const auto& tools = std::get<PoseMessage>(c.bodies[0]).tools;
  ASSERT_EQ(tools.size(), 2u);
  EXPECT_EQ(tools[1].name, "ReferenceToTracker");
  EXPECT_EQ(tools[1].tool_to_tracker.translation(), Eigen::Vector3d(5, 6, 7));
  EXPECT_EQ(std::get<StatusMessage>(c.bodies[1]).text, "keep-alive");
  EXPECT_EQ(std::get<StringMessage>(c.bodies[2]).text, "pulse");
}
