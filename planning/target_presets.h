#pragma once
// Named targets offered in the app and the compare view, each with where it comes from
// (docs/targets.md says how each was checked).
#include <string>
#include <vector>

#include "imaging/target_planner.h"

namespace tmsnav {

struct TargetPreset {
  std::string label;   // shown to the user
  std::string spec;    // a target spec, as on the command line
  std::string source;  // citation or derivation
};

// The M1 hand knob as the SimNIBS examples give it (Mayka et al. 2006); whether that
// coordinate is MNI or Talairach is not verified (INTEROP.md), and the label says so.
const TargetPreset& m1HandKnobPreset();

// MNI targets whose coordinates were checked against a source.
const std::vector<TargetPreset>& mniPresets();
// Atlas regions in mricron-data's atlases that are usual TMS targets.
const std::vector<TargetPreset>& atlasPresets();
// Every left-DLPFC method this version computes from the patient's own anatomy.
const std::vector<std::string>& dlpfcCompareSpecs();

// Pairwise distances (mm) between the targets' scalp entry points.
std::vector<std::vector<double>> entryDistancesMm(const std::vector<PlannedTarget>& targets);

}  // namespace tmsnav
