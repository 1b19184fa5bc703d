#pragma once
// tmsnav's own walk over a DICOM file's elements before GDCM reads it. GDCM allocates each
// element's value at the length its header declares, before reading it: one 88 kB file
// whose element claims 3.4 GB made the folder scan allocate 3.4 GB (found by
// `scripts/fuzz dicom_scan`). Every value length is checked against the bytes the file
// still has, sequences and items included, in fixed memory; nothing is decoded.
#include <string>

#include "core/result.h"

namespace tmsnav {

// What the walk made of a file: DICOM whose every element fits in it, or a file that does
// not look like DICOM (no "DICM", and a first element with neither a known VR nor a length
// the file can hold; a file under 8 bytes; a file named as another format). GDCM must not
// parse the latter either: it asserts on some of them (fuzz findings 10-13). An error: DICOM
// whose elements claim more than the file holds, or whose structure is broken. Deflated data
// sets are only checked up to their file meta information.
enum class DicomWalk { NotDicom, Dicom };
Result<DicomWalk> walkDicomFile(const std::string& path);

// Ok for DICOM that walks and for a file that is not DICOM.
Result<Done> checkDicomLengths(const std::string& path);

}  // namespace tmsnav
