#include "io/json_util.h"

#include <filesystem>
#include <fstream>

#include <cmath>
#include <string>

namespace tmsnav {

Result<Eigen::Vector3d> parseVec(const nlohmann::json& j, const char* what) {
  if (!j.is_array() || j.size() != 3) return Error{std::string(what) + " must be [x,y,z]"};
  Eigen::Vector3d v;
  for (int i = 0; i < 3; ++i) {
    if (!j[i].is_number()) return Error{std::string(what) + " must hold numbers"};
    v[i] = j[i].get<double>();
  }
  if (!v.allFinite()) return Error{std::string(what) + " must be finite"};
  return v;
}

Result<Eigen::Matrix4d> parseMat(const nlohmann::json& j, const char* what) {
  if (!j.is_array() || j.size() != 4) return Error{std::string(what) + " must be 4 row arrays"};
  Eigen::Matrix4d m;
  for (int r = 0; r < 4; ++r) {
    if (!j[r].is_array() || j[r].size() != 4)
      return Error{std::string(what) + " must be 4 rows of 4 numbers"};
    for (int c = 0; c < 4; ++c) {
      if (!j[r][c].is_number()) return Error{std::string(what) + " must hold numbers"};
      m(r, c) = j[r][c].get<double>();
    }
  }
  if (!m.allFinite()) return Error{std::string(what) + " must be finite"};
  return m;
}

namespace {
Result<nlohmann::json> readObject(const std::string& path, const std::string& what,
                                  std::uintmax_t max_bytes) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) return Error{"cannot read " + path};
  if (size > max_bytes) return Error{path + " is too large to be " + what};
  std::ifstream in(path);
  if (!in) return Error{"cannot read " + path};
  auto j = nlohmann::json::parse(in, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Error{path + " is not JSON"};
  return j;
}
}  // namespace

Result<nlohmann::json> readFormatJson(const std::string& path, const char* format,
                                      std::uintmax_t max_bytes) {
  auto j = readObject(path, "a " + std::string(format) + " file", max_bytes);
  if (!j) return j;
  // value() throws on a "format" of another type (an array, a number): checked first (found
  // by `scripts/fuzz plan_json`: a study whose format was an array stopped the process).
  const auto it = j->find("format");
  if (it == j->end() || !it->is_string() || it->get<std::string>() != format)
    return Error{path + " is not a " + std::string(format) + " file"};
  return j;
}

Result<nlohmann::json> readJsonObject(const std::string& path, std::uintmax_t max_bytes) {
  return readObject(path, "a tmsnav file", max_bytes);
}

}  // namespace tmsnav
