#pragma once
// Where the running binary keeps its assets: <exe dir>/../share/tmsnav/assets, in the
// build tree and in an install prefix alike; never relative to the working directory.
#include <map>
#include <string>

#include <Eigen/Core>

#include "render/coil_model.h"
#include "tracking/result.h"

namespace tmsnav {

std::string executableDir();
std::string assetDir();
Result<CoilGeometry> loadCoilGeometry(const std::string& path);
// assets/mni/fiducials.json: nasion, inion, lpa, rpa in MNI space, returned in LPS.
Result<std::map<std::string, Eigen::Vector3d>> loadMniFiducials(const std::string& path);
// The shipped default patient (Debian package mricron-data).
inline const char* kDefaultMri = "/usr/share/mricron/templates/ch2.nii.gz";

}  // namespace tmsnav
