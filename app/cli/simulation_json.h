#pragma once
#include <nlohmann/json.hpp>

#include "tracking/simulated_session.h"

namespace tmsnav {

// Summary of a simulated session with integer counts, for --json output.
nlohmann::json simulationSummaryJson(const SimulationSummary& s);

}  // namespace tmsnav
