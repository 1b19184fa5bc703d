#pragma once
// Coil calibration (issue 18): the calibrated pointer touches 4 or more known points on
// the coil's casing while the coil's marker is tracked; a paired-point fit of the touches
// (in the coil marker's frame) to the coil model's points (in the coil frame) gives
// coil_to_coil_marker.
#include <string>
#include <vector>

#include "core/frames.h"
#include "core/result.h"
#include "navigation/frame_collector.h"

namespace tmsnav {

struct CoilTouchPoint {
  std::string name;
  Point<frame::Coil> p;
};

// The words for a mark on the casing, as the technician sees the coil from above with its
// handle toward them (the technician's view's frame): "centre of the left wing". Marks
// without words of their own get their name with spaces.
std::string coilMarkName(const std::string& id);

struct CoilCalibration {
  Transform<frame::Coil, frame::CoilMarker> coil_to_coil_marker;
  double fre_mm = 0.0;
  std::vector<double> residuals_mm;  // per touch point, in the model's order
};

// touched[i] (in the coil marker's frame) pairs with model[i].
Result<CoilCalibration> fitCoilTouches(const std::vector<Eigen::Vector3d>& touched,
                                       const std::vector<CoilTouchPoint>& model);

// path: the pointer in the coil marker's frame (pointerPath with kCoilMarkerTool).
Result<CoilCalibration> calibrateCoil(const PointerPath& path, const Eigen::Vector3d& tip_in_marker,
                                      const std::vector<CoilTouchPoint>& model_points);

}  // namespace tmsnav
