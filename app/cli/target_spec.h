#pragma once
// Target specifications given on the command line and in the app: "ras:X,Y,Z".
#include <string>

#include <Eigen/Core>

#include "imaging/atlas_cache.h"
#include "tracking/result.h"

namespace tmsnav {

struct TargetSpec {
  std::string method;  // "ras" (subject), "mni" (MNI) or "atlas" (region centroid, MNI)
  std::string name;
  Eigen::Vector3d point_lps = Eigen::Vector3d::Zero();  // in the subject for "ras", MNI for "mni"
  std::string atlas_region;  // "atlas": the region name, resolved to point_lps by resolveAtlasSpec
  bool atlas_resolved = false;
  double rule_distance_mm = 0;  // "5cm-rule": how far anterior of the hotspot (point_lps)
  std::string scalp_position;   // "10-20": the position name, resolved on the patient's scalp
  bool inMni() const { return method == "mni" || method == "atlas"; }
  // The point is a scalp position; the target is the cortex beneath it.
  bool onScalp() const {
    return method == "10-20" || method == "5cm-rule" || method == "5.5cm-rule" ||
           method == "beam-f3" || method == "beam-f3-adjusted";
  }
};

Result<TargetSpec> parseTargetSpec(const std::string& spec);
// Fills point_lps of an atlas spec with its region's centroid in MNI space.
Result<Done> resolveAtlasSpec(TargetSpec& spec, const std::string& template_dir,
                              AtlasCache& atlases);

}  // namespace tmsnav
