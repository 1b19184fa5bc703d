#pragma once
// Atlas labels in MNI space (mricron-data's templates, on Colin27's grid): a named region
// becomes a target at its centroid, mapped into the patient by the MNI registration.
#include <string>
#include <vector>

#include <Eigen/Core>

#include "core/result.h"
#include "imaging/atlas_cache.h"

namespace tmsnav {

inline const char* kTemplateDir = "/usr/share/mricron/templates";  // Debian package mricron-data

inline const char* kBrodmannFile = "brodmann.nii.gz";
inline const char* kAalFile = "aal.nii.gz";
inline const char* kHarvardOxfordFile = "HarvardOxford-cort-maxprob-thr0-1mm.nii.gz";
// Every atlas the target sources use, in template_dir.
std::vector<std::string> atlasPaths(const std::string& template_dir);

struct AtlasRegion {
  std::string atlas_path;
  int label = 0;
  int side = 0;  // -1 left only, +1 right only, 0 both (labels already split by side)
  std::string description;
};

// "BA9", "BA46:R" (Brodmann is not split by side: left unless ":R"), "AAL:Frontal_Mid_L"
// (names from aal.nii.txt), "HO:4" (Harvard-Oxford cortical label number).
Result<AtlasRegion> resolveAtlasRegion(const std::string& name, const std::string& template_dir);

// Centroid of the region's voxels, MNI space, LPS mm.
Result<Eigen::Vector3d> regionCentroidMni(const AtlasRegion& region, AtlasCache& atlases);

// For each point (MNI, LPS mm): 1 when a region voxel lies within reach_mm (a cube), else
// 0. Cortex vertices sit on the grey matter's outer edge, where labels may stop short.
Result<std::vector<unsigned char>> regionContains(const AtlasRegion& region,
                                                  const std::vector<Eigen::Vector3d>& points_mni,
                                                  double reach_mm, AtlasCache& atlases);

}  // namespace tmsnav
