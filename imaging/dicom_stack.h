#pragma once
// Where a stack of parallel DICOM slices really is: each slice where its Image Position
// (Patient) says. A stack whose positions follow the slice normal at an even step is the
// voxel grid itself; any other (gantry tilt, mixed slice spacing) is resampled onto a
// regular grid with a warning, never placed along the normal as if it were regular.
#include <string>
#include <vector>

#include <Eigen/Core>

#include "core/result.h"
#include "imaging/volume.h"

namespace tmsnav {

// A slice further than this from where a regular grid would put it makes the stack
// irregular (DS values carry ~1e-4 mm; voxels are >= 0.2 mm).
constexpr double kSlicePlacementTolMm = 0.1;

struct SliceStack {
  Eigen::Vector3d row = Eigen::Vector3d::UnitX();  // IOP, LPS: direction of increasing column
  Eigen::Vector3d col = Eigen::Vector3d::UnitY();  // IOP, LPS: direction of increasing row
  double column_step_mm = 0;                       // Pixel Spacing[1]: between columns (along row)
  double row_step_mm = 0;                          // Pixel Spacing[0]: between rows (along col)
  std::vector<Eigen::Vector3d> positions;          // IPP of each slice, LPS mm
};

struct StackLayout {
  std::vector<size_t> order;     // slice indices sorted along the normal
  double step_mm = 0;            // median distance between slices along the normal
  double max_offset_mm = 0;      // largest in-plane shift of a slice (gantry tilt)
  double max_step_error_mm = 0;  // largest distance from an even-step position
  double min_step_mm = 0, max_step_mm = 0;
  std::vector<std::string> problems;  // refusals: orientation, duplicates, missing slices
  bool regular() const {
    return max_offset_mm <= kSlicePlacementTolMm && max_step_error_mm <= kSlicePlacementTolMm;
  }
};

// DICOM text values: "1.5\\2\\3" as numbers (empty if any is not a number), and a value
// without the padding DICOM adds.
std::vector<double> dicomNumbers(const std::string& text);
std::string dicomTrimmed(const std::string& text);

Eigen::Vector3d sliceNormal(const SliceStack& s);
// Sorts and checks the slice positions; reads no pixels.
StackLayout layoutStack(const SliceStack& s);
// The stack's world image. `slices` holds the slices in layout.order (z = sorted index),
// in-plane as DICOM stores them (x along row, y along col). A regular stack keeps its
// voxels; an irregular one is resampled (bilinear in-plane, linear between slices) and a
// warning says so.
Result<ImageF::Pointer> placeSlices(const ImageF* slices, const SliceStack& s,
                                    const StackLayout& layout, std::vector<std::string>& warnings);

}  // namespace tmsnav
