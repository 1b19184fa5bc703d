#pragma once
// pointer.json (a pivot calibration) and registration.json (a patient registration): the
// files `calibrate` and `register` write and `register`/`track` read back. Points in the
// image are world RAS mm; points in a tool's or the head reference's frame are mm in that
// frame (`..._mm`), as the tracker gives them.
#include <map>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "navigation/coil_calibration.h"
#include "navigation/patient_registration.h"
#include "tracking/pivot_calibration.h"

namespace tmsnav {

struct PointerCalibration {
  std::string tool = "Pointer";
  std::string relative_to = "HeadRef";  // or "Tracker" when the data had no reference
  PivotResult pivot;
  std::string source;  // the recording or server it came from
  std::string time;    // ISO 8601, UTC
};

std::string pointerCalibrationJson(const PointerCalibration& c);
Result<PointerCalibration> readPointerCalibration(const std::string& path);

struct RegistrationRecord {
  PatientRegistration registration;
  // The checkpoint in HeadRef mm; none when written: the first landmark's touch.
  std::optional<Eigen::Vector3d> checkpoint;
  std::string checkpoint_name;
  std::string mri_path;    // empty: a phantom (landmarks only)
  std::string mri_sha256;  // the MRI it was made for: refused against another
  std::string source;
  std::string time;
};

std::string registrationJson(const RegistrationRecord& r);
Result<RegistrationRecord> readRegistration(const std::string& path);

// coil.json: coil_to_coil_marker (mm, tool frames), the model and the fit.
struct CoilCalibrationRecord {
  CoilCalibration calibration;
  std::string model;
  std::string source;
  std::string time;
};
std::string coilCalibrationJson(const CoilCalibrationRecord& r);
Result<CoilCalibrationRecord> readCoilCalibration(const std::string& path);
// A coil model's touch points (assets/coils/*.json `touch_points_mm`), in file order.
Result<std::vector<CoilTouchPoint>> readCoilTouchPoints(const std::string& model_path);

// Landmarks as CSV lines `name,x,y,z` (world RAS mm; '#' starts a comment), in order. A header
// row (a spreadsheet's: name/label, x/x_mm/x_ras_mm or r/a/s, _lps_mm for LPS) picks the columns
// by name; a 3D Slicer .fcsv is read by its `# columns =` and `# CoordinateSystem =` lines.
Result<std::vector<NamedPoint>> readLandmarksCsv(const std::string& path);

// "2026-11-30T15:04:05Z"
std::string utcNow();

}  // namespace tmsnav
