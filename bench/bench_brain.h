#pragma once
// Brain extraction against an expert: seg3d's T1 and its expert mask (which follows the
// inner skull), tmsnav segment's brain and intracranial masks beside mia's brain
// extraction (mia-3dbrainextractT1, Debian mia-tools) when it is installed, in the same
// run on the same file: each one's Dice and time.
#include <nlohmann/json.hpp>

namespace tmsnav::bench {

nlohmann::json benchBrainExtraction(int repeats);

}  // namespace tmsnav::bench
