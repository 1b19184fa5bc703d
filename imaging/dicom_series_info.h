#pragma once
#include <string>
#include <vector>

namespace tmsnav {

// One DICOM series as found in a folder.
struct DicomSeriesInfo {
  std::string uid;
  std::string description;
  std::string patient_id;  // (0010,0020): travels with every file made from this MRI
  std::string modality;
  std::string sequence;     // scanning sequence / sequence name
  std::string acquisition;  // "2D" / "3D" (MR Acquisition Type)
  int rows = 0, columns = 0, slices = 0;
  double slice_spacing_mm = 0.0;      // median distance between slice positions
  std::vector<std::string> files;     // sorted along the slice normal (enhanced: the files)
  std::vector<std::string> problems;  // refusals: missing or duplicate slices, mosaics
  std::vector<std::string> warnings;  // loaded anyway: resampled (gantry tilt, mixed spacing)
  bool enhanced = false;              // one volume of enhanced (multi-frame) files
  bool mosaic = false;                // Siemens mosaic (fMRI/DWI): refused
  std::string component;              // enhanced: MAGNITUDE, PHASE, REAL, ... (empty: unknown)
};

}  // namespace tmsnav
