#pragma once
// What the field model needs to know about a coil (assets/coils/*.json, read by
// io/coil_definition_file.h): its winding and the stimulators it is driven by.
#include <optional>
#include <string>
#include <vector>

#include "efield/coil_dipoles.h"

namespace tmsnav::efield {

struct Stimulator {
  std::string name;                   // "Magstim Rapid"
  double didt_at_100_a_per_us = 0.0;  // coil current's rate of change at 100 %MSO
  std::string source;                 // where the figure comes from
};

struct CoilDefinition {
  std::string id;                          // the file's stem: figure8_70mm
  std::string name;                        // "figure-8 70 mm (Magstim D70)"
  std::optional<WindingGeometry> winding;  // absent: the field cannot be computed
  std::string winding_source;
  std::vector<Stimulator> stimulators;  // the first is the default
};

}  // namespace tmsnav::efield
