#include "io/json_util.h"

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

}  // namespace tmsnav
