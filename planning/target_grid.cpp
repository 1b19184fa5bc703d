#include "planning/target_grid.h"

#include <cmath>
#include <cstdio>

namespace tmsnav {

namespace {
constexpr int kMaxSide = 15;
constexpr double kMinSpacingMm = 1.0, kMaxSpacingMm = 30.0;
}  // namespace

Result<GridSpec> parseGridSpec(const std::string& text) {
  GridSpec g;
  char tail = 0;
  if (std::sscanf(text.c_str(), "%dx%d:%lf%c", &g.rows, &g.cols, &g.spacing_mm, &tail) != 3 ||
      g.rows < 1 || g.cols < 1 || g.rows > kMaxSide || g.cols > kMaxSide ||
      !std::isfinite(g.spacing_mm) || g.spacing_mm < kMinSpacingMm || g.spacing_mm > kMaxSpacingMm)
    return Error{"--grid must be ROWSxCOLS:SPACING (at most 15x15, spacing 1..30 mm), e.g. 5x5:10"};
  return g;
}

std::vector<ResolvedTarget> gridAround(const PlannedTarget& centre, const GridSpec& g) {
  std::vector<ResolvedTarget> sites;
  const Eigen::Isometry3d& pose = centre.target_to_mri.iso();  // its origin: the coil centre
  for (int r = 0; r < g.rows; ++r)
    for (int c = 0; c < g.cols; ++c) {
      const double x = (c - (g.cols - 1) / 2.0) * g.spacing_mm;
      const double y = (r - (g.rows - 1) / 2.0) * g.spacing_mm;
      ResolvedTarget t;
      t.name = centre.name + " r" + std::to_string(r + 1) + "c" + std::to_string(c + 1);
      t.method = "grid";
      t.kind = ResolvedTarget::Kind::ScalpPosition;
      t.p = Point<frame::Mri>{pose * Eigen::Vector3d(x, y, 0.0)};
      sites.push_back(std::move(t));
    }
  return sites;
}

}  // namespace tmsnav
