#pragma once
// Where the running binary keeps its assets: <exe dir>/../share/tmsnav/assets, in the
// build tree and in an install prefix alike; never relative to the working directory.
#include <string>

#include "render/coil_model.h"
#include "tracking/result.h"

namespace tmsnav {

std::string executableDir();
std::string assetDir();
Result<CoilGeometry> loadCoilGeometry(const std::string& path);
// The shipped default patient (Debian package mricron-data).
inline const char* kDefaultMri = "/usr/share/mricron/templates/ch2.nii.gz";

}  // namespace tmsnav
