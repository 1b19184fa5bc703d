#pragma once
#include <nlohmann/json.hpp>

#include "app/gui/app_model.h"

namespace tmsnav {

// What the app shows, as JSON (world RAS mm, degrees): for scripts and tests.
nlohmann::json stateJson(const AppModel& model);

}  // namespace tmsnav
