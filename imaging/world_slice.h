#pragma once
// A slice through the volume on a world-aligned plane (axial, coronal, sagittal), for the
// slice views. Screen orientation is decided here, once, with the letters for its edges,
// so the UI only draws pixels and labels.
#include <string>
#include <vector>

#include "imaging/volume.h"

namespace tmsnav {

enum class SlicePlane { Axial, Coronal, Sagittal };
enum class SliceConvention {
  Radiological,
  Neurological
};  // patient's right on screen left / right

struct WorldSlice {
  int width = 0, height = 0;
  std::vector<unsigned char> grey;       // row-major, row 0 at the top of the screen
  std::string left, right, top, bottom;  // anatomical letters at the edges
  Eigen::Vector3d centre_lps = Eigen::Vector3d::Zero();
  double mm_per_pixel = 1.0;
  // The LPS point under pixel (u, v) (pixel units, origin top-left).
  Eigen::Vector3d pointAt(double u, double v) const;
  // The pixel (u, v) a point falls on (its projection onto the slice's plane).
  Eigen::Vector2d pixelOf(const Eigen::Vector3d& p_lps) const;
  // Screen axes (right, down) in LPS.
  Eigen::Vector3d right_lps = Eigen::Vector3d::Zero(), down_lps = Eigen::Vector3d::Zero();
};

struct IntensityWindow {
  float low = 0, high = 1;
};
// 1st to 99.5th percentile of the volume: a display window that ignores outliers.
IntensityWindow robustWindow(const Volume& volume);

WorldSlice extractSlice(const Volume& volume, SlicePlane plane, SliceConvention convention,
                        const Eigen::Vector3d& centre_lps, double fov_mm, int pixels,
                        const IntensityWindow& window);

}  // namespace tmsnav
