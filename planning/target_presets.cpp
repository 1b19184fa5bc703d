#include "planning/target_presets.h"

namespace tmsnav {

const std::vector<TargetPreset>& mniPresets() {
  static const std::vector<TargetPreset> presets = {
      {"Fox 2012 sgACC-anticorrelated left DLPFC (-38, 44, 26)", "mni:-38,44,26",
       "Fox et al. 2012, Biol Psychiatry 72:595; coordinate as used by Mir-Moghtadaei, ..., "
       "Fox, Downar 2015, Brain Stimul 8:965"},
      {"BA9 left centre (atlas centroid)", "atlas:BA9",
       "centroid of Brodmann area 9, left, mricron-data brodmann.nii.gz"},
      {"BA46 left centre (atlas centroid)", "atlas:BA46",
       "centroid of Brodmann area 46, left, mricron-data brodmann.nii.gz"},
  };
  return presets;
}

const TargetPreset& m1HandKnobPreset() {
  static const TargetPreset preset = {
      "M1 hand knob, MNI (-37, -21, 58), unverified whether MNI or Talairach", "mni:-37,-21,58",
      "SimNIBS examples, citing Mayka et al. 2006; whether the value is MNI or Talairach is "
      "not verified"};
  return preset;
}

const std::vector<TargetPreset>& atlasPresets() {
  static const std::vector<TargetPreset> presets = {
      {"BA9 left", "atlas:BA9", "Brodmann"},
      {"BA46 left", "atlas:BA46", "Brodmann"},
      {"BA9 right", "atlas:BA9:R", "Brodmann"},
      {"BA46 right", "atlas:BA46:R", "Brodmann"},
      {"Middle frontal gyrus left (AAL)", "atlas:AAL:Frontal_Mid_L", "AAL"},
      {"Middle frontal gyrus right (AAL)", "atlas:AAL:Frontal_Mid_R", "AAL"},
      {"Precentral gyrus left (AAL, M1)", "atlas:AAL:Precentral_L", "AAL"},
  };
  return presets;
}

const std::vector<std::string>& dlpfcCompareSpecs() {
  static const std::vector<std::string> specs = {
      "mni:-38,44,26", "atlas:BA9", "atlas:BA46",      "atlas:AAL:Frontal_Mid_L",
      "10-20:F3",      "beam-f3",   "beam-f3-adjusted"};
  return specs;
}

std::vector<std::vector<double>> entryDistancesMm(const std::vector<PlannedTarget>& targets) {
  std::vector<std::vector<double>> d(targets.size(), std::vector<double>(targets.size(), 0.0));
  for (size_t a = 0; a < targets.size(); ++a)
    for (size_t b = 0; b < targets.size(); ++b)
      d[a][b] = (targets[a].entry_lps - targets[b].entry_lps).norm();
  return d;
}

}  // namespace tmsnav
