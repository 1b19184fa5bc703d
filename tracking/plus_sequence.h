#pragma once
// PLUS sequences, as metafiles (.igs.mha) or NRRD (.igs.nrrd, the same fields as `key:=value`
// lines; its image payload is never read): per-frame <Name>Transform (16 numbers, row-major,
// mm), <Name>TransformStatus (OK / INVALID / ...; missing means OK) and Timestamp (s).
// Fields without the Transform suffix and ImageStatus are not tracking data.
#include <string>
#include <vector>

#include <Eigen/Core>

#include "core/result.h"

namespace tmsnav {

struct SequenceTool {
  std::string name;  // PLUS's tool name: "Stylus" for StylusToTrackerTransform (plusToolName)
  Eigen::Matrix4d to_tracker = Eigen::Matrix4d::Identity();
  bool status_ok = true;    // the file's own status (missing = OK)
  bool well_formed = true;  // 16 finite numbers
  std::string transform;    // the file's own name: "StylusToTracker" (empty: same as name)
};

struct SequenceFrame {
  double timestamp_s = 0.0;
  std::vector<SequenceTool> tools;
  bool valid() const;  // every transform's status is OK
};

Result<std::vector<SequenceFrame>> readPlusSequence(const std::string& path);

}  // namespace tmsnav
