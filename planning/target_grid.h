#pragma once
// A grid of stimulation sites around a planned target (issue 15: motor mapping, hotspot
// search): rows x columns at a spacing, in the target's tangent plane (x across the
// handle, y toward it), each planned like a scalp rule (the cortex beneath the site).
#include <string>
#include <vector>

#include "imaging/target_planner.h"
#include "planning/planning_context.h"

namespace tmsnav {

struct GridSpec {
  int rows = 3, cols = 3;
  double spacing_mm = 10.0;
};

// "ROWSxCOLS:SPACING", e.g. "5x5:10" (mm); at most 15 x 15, spacing 1..30 mm.
Result<GridSpec> parseGridSpec(const std::string& text);

// The sites, named "<centre name> r<row>c<col>" (row 1 is the most posterior-handle side),
// centre included.
std::vector<ResolvedTarget> gridAround(const PlannedTarget& centre, const GridSpec& grid);

}  // namespace tmsnav
