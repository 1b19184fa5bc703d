#pragma once
// Targets and pulses exchanged with other navigators (issue 15): Brainsight .txt, Localite
// XML, 3D Slicer markups and tmsnav's CSV. Inside, poses are tmsnav coil poses in LPS
// (z into the head, y toward the handle); each format's coil axes, RAS or LPS, and matrix
// layout are converted at its edge (../shared/INTEROP.md). Every reader parses by column
// or attribute name, never by position, and refuses what it cannot place with the reason.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/frames.h"
#include "core/result.h"

namespace tmsnav {

inline constexpr const char* kWorldRas = "world RAS mm";
inline constexpr const char* kScannerRas = "image scanner RAS mm (NIfTI qform)";
inline constexpr const char* kMniRas = "MNI";

// A written rotation may differ from a rotation by this much per element and still be read
// (as the nearest rotation): Brainsight's 3 decimals need up to ~1.5e-3.
constexpr double kMaxRotationCorrection = 5e-3;

struct ExchangeTarget {
  std::string name;
  Transform<frame::Coil, frame::Mri> coil_to_mri;
  std::optional<Eigen::Vector3d> cortex_lps;  // the cortical target under the coil, if known
  std::string file;       // the file it came from (a Localite session folder holds many)
  std::string file_time;  // when that file was written, ISO 8601, when its name says
  std::string coil;       // the coil it was planned for, when the file says (ANT's CoilInfo.Id)
};

// The image a file's coordinates belong to, by its NIfTI qform (ANT Neuro's .mrk).
struct AssociatedImage {
  std::array<double, 3> quatern{};  // b, c, d
  std::array<double, 3> qoffset{};  // mm
  std::array<double, 4> pixdim{};   // qfac, dx, dy, dz
};

struct ExchangePulse {
  std::string name;                                               // sample / marker name
  std::optional<Transform<frame::Coil, frame::Mri>> coil_to_mri;  // none: coil not tracked
  std::optional<double> t_s;  // since the session (or the file's first pulse) started
  std::optional<double> intensity_pct_mso, didt_a_per_us, mep_uv;
  std::string session;    // Brainsight's session name, when there is one
  std::string coil;       // which coil made it, when the file says (Brainsight's Crosshairs Driver)
  std::string target;     // the target it was guided to, when the file says
  std::string file;       // the file it came from (a Localite session folder holds many)
  std::string file_time;  // when that file was written, ISO 8601, when its name says
};

struct Exchange {
  std::string format;  // "brainsight", "localite", "slicer", "csv"
  // Where the coordinates are: kWorldRas (the MRI's world), kScannerRas (the image's NIfTI
  // qform world: the MRI's world when its qform and sform agree) or kMniRas (MNI space).
  std::string space = kWorldRas;
  std::vector<ExchangeTarget> targets;
  std::vector<ExchangePulse> pulses;
  std::vector<std::string> warnings;
  std::string created_by;              // "tmsnav 0.1.0 (abc)": written into every export
  std::optional<double> start_unix_s;  // when the pulses' session started (dates and times)
  // The largest element change made by replacing a written rotation with the nearest
  // rotation (files that round their rotations, e.g. Brainsight's 3 decimals).
  double largest_rotation_correction = 0.0;
  size_t pointer_samples = 0;       // samples made by the pointer: not pulses, not kept
  size_t placeholders_skipped = 0;  // Localite markers never set (identity, no name)
  std::optional<AssociatedImage> associated_image;  // ANT: the image the poses are in
};

enum class ExchangeFormat { Brainsight, LocaliteInstruments, LocaliteTriggers, Slicer, Csv, Ant };
Result<ExchangeFormat> parseExchangeFormat(const std::string& name);

// Files larger than this are not target or pulse lists (refused before reading).
constexpr std::uintmax_t kMaxExchangeFileBytes = 256ull << 20;

// Reads any of the formats, recognised by content (not by extension). A folder is read as a
// Localite session: every InstrumentMarker and TriggerMarker file in it (at any depth), each
// target and pulse with its file and the file's time, latest file first.
Result<Exchange> importExchange(const std::string& path);
// A folder holds at most this many marker files (a session has tens to hundreds).
constexpr size_t kMaxSessionFiles = 10000;
// Writes one format atomically. Localite writes targets as an InstrumentMarkerList and
// pulses as a TriggerMarkerList: one of the two per file.
Result<Done> exportExchange(const Exchange& e, ExchangeFormat format, const std::string& path);

// Coil axes (../shared/INTEROP.md): tmsnav's equal SimNIBS's. A pose's rotation columns
// are the coil's axes in world space; each map is its own inverse.
Eigen::Matrix3d brainsightAxesFromTmsnav(const Eigen::Matrix3d& r);  // r * diag(-1, 1, -1)
Eigen::Matrix3d localiteAxesFromTmsnav(const Eigen::Matrix3d& r);    // r * P

// A world RAS 4x4 (rotation columns = axes) as a rigid LPS transform, or why not.
Result<Transform<frame::Coil, frame::Mri>> coilPoseFromRas(const Eigen::Matrix4d& m_ras);
// The same for a file that rounds its rotations: the nearest rotation (SVD) when no element
// moves by more than kMaxRotationCorrection; the largest element change is raised into
// *largest.
Result<Transform<frame::Coil, frame::Mri>> coilPoseFromRoundedRas(const Eigen::Matrix4d& m_ras,
                                                                  double* largest);
Eigen::Matrix4d rasFromCoilPose(const Transform<frame::Coil, frame::Mri>& coil_to_mri);

}  // namespace tmsnav
