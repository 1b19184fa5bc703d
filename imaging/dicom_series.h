#pragma once
// DICOM folders: list the series, pick the T1-like 3-D one, check slice geometry, load.
// Slices are ordered by position along the slice normal (Image Position/Orientation
// (Patient)), never by file name or instance number; Patient Position is not "corrected"
// for, because IPP/IOP are already in patient coordinates.
#include <string>
#include <vector>

#include "imaging/volume.h"

namespace tmsnav {

bool isDicomFile(const std::string& path);
Result<std::vector<DicomSeriesInfo>> listDicomSeries(const std::string& folder);
// The default choice: the most T1-like 3-D MR series with the most slices.
const DicomSeriesInfo* pickT1Series(const std::vector<DicomSeriesInfo>& series);
// What is checked from the headers before a series is decoded: its listed problems
// (mosaic, missing or duplicate slices, orientations) and its size against kMaxVoxels.
Result<Done> checkDicomSeriesHeader(const DicomSeriesInfo& series);
// A folder, or a file whose folder holds the series; series_uid empty = pick.
Result<Volume> loadDicomSeries(const std::string& path, const std::string& series_uid);
// One file alone (tmsnav info on a .dcm): its slice, or the volumes of an enhanced
// (multi-frame) file; a Siemens mosaic is refused.
Result<Volume> loadDicomFile(const std::string& path);
// The pixels of one file as ITK decodes them, with no geometry checks (transfer syntaxes).
Result<Volume> decodeDicomFile(const std::string& path);

}  // namespace tmsnav
