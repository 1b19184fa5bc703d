#pragma once
// Plots as PNG files without a window (issue 15's report): VTK's charts on an off-screen
// render window (needs an X display: `tmsnav report` starts a private Xvfb). Plain data
// in, no knowledge of sessions: report/ decides what is plotted.
#include <array>
#include <string>
#include <vector>

#include "core/result.h"

namespace tmsnav {

using Rgb = std::array<unsigned char, 3>;
// Okabe-Ito (distinguishable with colour-vision deficiencies), repeated; seriesMarker
// changes the marker each time the colours repeat.
Rgb seriesColour(size_t index);
enum class Marker { Circle, Square, Diamond, Plus, Cross };
Marker seriesMarker(size_t index);

struct ChartSeries {
  std::string name;
  std::vector<double> x, y;
  Rgb colour{0, 0, 0};
  bool line = false;  // false: points
  float marker_size = 5.0f;
  Marker marker = Marker::Circle;
};

struct XyChart {
  std::string title, x_title, y_title;
  std::vector<ChartSeries> series;
  // Set: both axes span [-half_range, half_range] (a map around a target, equal scales).
  double half_range = 0.0;
};

struct BoxChart {
  std::string title, y_title;
  std::vector<std::string> names;           // one box each
  std::vector<std::vector<double>> values;  // same order; an empty one is left out
};

Result<Done> writeXyChartPng(const XyChart& chart, int width, int height, const std::string& path);
Result<Done> writeBoxChartPng(const BoxChart& chart, int width, int height,
                              const std::string& path);

}  // namespace tmsnav
