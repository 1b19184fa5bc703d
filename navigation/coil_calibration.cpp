#include "navigation/coil_calibration.h"

#include "tracking/landmark_touches.h"
#include "tracking/paired_point.h"

#include <algorithm>
#include <map>

namespace tmsnav {

std::string coilMarkName(const std::string& id) {
  static const std::map<std::string, std::string> kNames = {
      {"left_wing_centre", "centre of the left wing"},
      {"right_wing_centre", "centre of the right wing"},
      {"midline_handle_side", "middle line, near the handle"},
      {"midline_far_side", "middle line, far from the handle"}};
  if (const auto it = kNames.find(id); it != kNames.end()) return it->second;
  std::string words = id;
  std::replace(words.begin(), words.end(), '_', ' ');
  return words;
}

Result<CoilCalibration> fitCoilTouches(const std::vector<Eigen::Vector3d>& touched,
                                       const std::vector<CoilTouchPoint>& model) {
  if (model.size() < 4)
    return Error{"coil calibration needs at least 4 touch points in the coil model; it has " +
                 std::to_string(model.size())};
  if (touched.size() != model.size())
    return Error{"found " + std::to_string(touched.size()) + " touches on the coil for " +
                 std::to_string(model.size()) +
                 " touch points: hold the pointer's tip still on each mark for half a second, "
                 "once, in the model's order, with the coil marker visible"};
  std::vector<Eigen::Vector3d> coil;
  for (const auto& m : model) coil.push_back(m.p.p);
  auto fit = fitRigid(touched, coil);  // coil marker -> coil
  if (!fit) return Error{fit.error()};
  return CoilCalibration{Transform<frame::Coil, frame::CoilMarker>(fit->from_to_to.inverse()),
                         fit->fre_mm, fit->residuals_mm};
}

Result<CoilCalibration> calibrateCoil(const PointerPath& path, const Eigen::Vector3d& tip,
                                      const std::vector<CoilTouchPoint>& model) {
  std::vector<Eigen::Vector3d> touched;
  for (const auto& t : findLandmarkTouches(path.samples, tip)) touched.push_back(t.point);
  return fitCoilTouches(touched, model);
}

}  // namespace tmsnav
