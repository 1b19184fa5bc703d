#pragma once
// What a session stimulates with (issue 29): the coil and stimulator pair and the
// intensity, set per session and journaled in its header, and the field model that gives
// each pulse the E at the target. The model lives in planning/ (it needs the patient's
// inner skull); navigation only asks it, so this file knows no surfaces.
#include <functional>
#include <optional>
#include <string>

#include <Eigen/Geometry>

#include "core/result.h"
#include "navigation/pulse_message.h"

namespace tmsnav {

struct Stimulation {
  std::string coil;                   // the coil definition's ID: figure8_70mm
  std::string stimulator;             // "Magstim Rapid"
  double didt_at_100_a_per_us = 0.0;  // the pair's dI/dt at 100 %MSO
  double intensity_pct_mso = 0.0;     // the session's intensity
};

// |E| (V/m) at the session's target with the coil at coil_to_mri (LPS mm) and dI/dt in A/us,
// or why it cannot be given (no head under the coil). Called on the thread that journals
// pulses. planning/target_field.h makes one from the patient's surfaces.
using TargetFieldFn =
    std::function<Result<double>(const Eigen::Isometry3d& coil_to_mri, double didt_a_per_us)>;

// The dI/dt of one pulse: the one the stimulator reported, else the pair's figure at the
// pulse's intensity, else at the session's. None without a stimulation.
std::optional<double> pulseDidt(const std::optional<Stimulation>& s, const PulseValues& pulse);

// The journal's "stimulation" object ({"coil":...}) or "null".
std::string formatStimulation(const std::optional<Stimulation>& s);

}  // namespace tmsnav
