#pragma once
// Where the running binary keeps its assets: <exe dir>/../share/tmsnav/assets, in the
// build tree and in an install prefix alike; never relative to the working directory.
#include <map>
#include <string>

#include <Eigen/Core>

#include "core/result.h"
#include "render/coil_model.h"

namespace tmsnav {

std::string executableDir();
std::string assetDir();

// Where the app's data comes from, handed to the models (never reached from inside them),
// so that tests can point them elsewhere.
struct DataPaths {
  std::string template_dir;    // Colin27, its brain and the atlases (mricron-data)
  std::string fiducials_json;  // MNI fiducials (assets/mni/fiducials.json)
  std::string coil_model;      // the coil whose touch points the wizard asks for
};
// The installed layout: mricron-data's templates and this binary's assets.
DataPaths installedDataPaths();
Result<CoilGeometry> loadCoilGeometry(const std::string& path);
// The coil model's casing mesh to draw (its casing_mesh file, else built from its numbers).
Result<vtkSmartPointer<vtkPolyData>> loadCoilMesh(const std::string& path);
// The app's coil: assets/coils/figure8_70mm.json.
inline std::string defaultCoilModel() { return assetDir() + "/coils/figure8_70mm.json"; }
// assets/mni/fiducials.json: nasion, inion, lpa, rpa in MNI space, returned in LPS.
Result<std::map<std::string, Eigen::Vector3d>> loadMniFiducials(const std::string& path);
// The shipped default patient (Debian package mricron-data).
inline const char* kDefaultMri = "/usr/share/mricron/templates/ch2.nii.gz";

}  // namespace tmsnav
