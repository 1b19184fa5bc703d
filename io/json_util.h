#pragma once
// JSON at the command-line and file edge: vectors as [x,y,z], matrices as 4 row arrays.
#include <cstdint>
#include <string>

#include <Eigen/Core>
#include <nlohmann/json.hpp>

#include "core/result.h"

namespace tmsnav {

inline nlohmann::json jsonVec(const Eigen::Vector3d& v) {
  return {v.x(), v.y(), v.z()};
}

inline nlohmann::json jsonMat(const Eigen::Matrix4d& m) {
  nlohmann::json rows = nlohmann::json::array();
  for (int r = 0; r < 4; ++r) rows.push_back({m(r, 0), m(r, 1), m(r, 2), m(r, 3)});
  return rows;
}

Result<Eigen::Vector3d> parseVec(const nlohmann::json& j, const char* what);
Result<Eigen::Matrix4d> parseMat(const nlohmann::json& j, const char* what);

// A tmsnav JSON file: an object whose "format" is `format`, no larger than max_bytes (a
// hostile or mistaken file is refused before it is read into memory).
constexpr std::uintmax_t kMaxJsonFileBytes = 64ull << 20;
Result<nlohmann::json> readFormatJson(const std::string& path, const char* format,
                                      std::uintmax_t max_bytes = kMaxJsonFileBytes);
// The same for a file that may hold one of several formats: any JSON object.
Result<nlohmann::json> readJsonObject(const std::string& path,
                                      std::uintmax_t max_bytes = kMaxJsonFileBytes);

}  // namespace tmsnav
