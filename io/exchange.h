#pragma once
// Targets and pulses exchanged with other navigators (issue 15): Brainsight .txt, Localite
// XML, 3D Slicer markups and tmsnav's CSV. Inside, poses are tmsnav coil poses in LPS
// (z into the head, y toward the handle); each format's coil axes, RAS or LPS, and matrix
// layout are converted at its edge (../shared/INTEROP.md). Every reader parses by column
// or attribute name, never by position, and refuses what it cannot place with the reason.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/frames.h"
#include "core/result.h"

namespace tmsnav {

struct ExchangeTarget {
  std::string name;
  Transform<frame::Coil, frame::Mri> coil_to_mri;
  std::optional<Eigen::Vector3d> cortex_lps;  // the cortical target under the coil, if known
};

struct ExchangePulse {
  std::string name;                                               // sample / marker name
  std::optional<Transform<frame::Coil, frame::Mri>> coil_to_mri;  // none: coil not tracked
  std::optional<double> t_s;  // since the session (or the file's first pulse) started
  std::optional<double> intensity_pct_mso, didt_a_per_us, mep_uv;
  std::string session;  // Brainsight's session name, when there is one
};

struct Exchange {
  std::string format;  // "brainsight", "localite", "slicer", "csv"
  std::vector<ExchangeTarget> targets;
  std::vector<ExchangePulse> pulses;
  std::vector<std::string> warnings;
  std::string created_by;              // "tmsnav 0.1.0 (abc)": written into every export
  std::optional<double> start_unix_s;  // when the pulses' session started (dates and times)
};

enum class ExchangeFormat { Brainsight, LocaliteInstruments, LocaliteTriggers, Slicer, Csv };
Result<ExchangeFormat> parseExchangeFormat(const std::string& name);

// Files larger than this are not target or pulse lists (refused before reading).
constexpr std::uintmax_t kMaxExchangeFileBytes = 256ull << 20;

// Reads any of the formats, recognised by content (not by extension).
Result<Exchange> importExchange(const std::string& path);
// Writes one format atomically. Localite writes targets as an InstrumentMarkerList and
// pulses as a TriggerMarkerList: one of the two per file.
Result<Done> exportExchange(const Exchange& e, ExchangeFormat format, const std::string& path);

// Coil axes (../shared/INTEROP.md): tmsnav's equal SimNIBS's. A pose's rotation columns
// are the coil's axes in world space; each map is its own inverse.
Eigen::Matrix3d brainsightAxesFromTmsnav(const Eigen::Matrix3d& r);  // r * diag(-1, 1, -1)
Eigen::Matrix3d localiteAxesFromTmsnav(const Eigen::Matrix3d& r);    // r * P

// A world RAS 4x4 (rotation columns = axes) as a rigid LPS transform, or why not.
Result<Transform<frame::Coil, frame::Mri>> coilPoseFromRas(const Eigen::Matrix4d& m_ras);
Eigen::Matrix4d rasFromCoilPose(const Transform<frame::Coil, frame::Mri>& coil_to_mri);

}  // namespace tmsnav
