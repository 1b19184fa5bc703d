#pragma once
// Enhanced (multi-frame) DICOM: Siemens XA (NumarisX), Philips and others store a whole
// series in one file whose geometry lives in the functional groups (Plane Position,
// Plane Orientation, Pixel Measures) rather than in top-level tags. Frames are grouped
// into volumes by Frame Content and Dimension Index (stack, temporal position and every
// other dimension but the position within the stack), then placed like classic slices.
#include <string>
#include <vector>

#include "core/result.h"
#include "imaging/volume.h"

namespace tmsnav {

// True for a file with a per-frame functional groups sequence (read from the header).
bool isEnhancedDicom(const std::string& path);
// The volumes in the enhanced files of one series, one entry each. With more than one
// volume, each uid is "<Series Instance UID>#<n>" (n from 1, in frame order).
Result<std::vector<DicomSeriesInfo>> listEnhancedVolumes(const std::vector<std::string>& files);
// Reads the volume `uid` (an entry of listEnhancedVolumes(files)).
Result<Volume> loadEnhancedVolume(const std::vector<std::string>& files, const std::string& uid);

}  // namespace tmsnav
