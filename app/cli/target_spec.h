#pragma once
// Target specifications given on the command line and in the app: "ras:X,Y,Z".
#include <string>

#include <Eigen/Core>

#include "tracking/result.h"

namespace tmsnav {

struct TargetSpec {
  std::string method;  // "ras" (subject coordinates) or "mni" (MNI coordinates)
  std::string name;
  Eigen::Vector3d point_lps = Eigen::Vector3d::Zero();  // in the subject for "ras", MNI for "mni"
  bool inMni() const { return method == "mni"; }
};

Result<TargetSpec> parseTargetSpec(const std::string& spec);

}  // namespace tmsnav
