#pragma once
// tmsnav's own walk over a DICOM file's elements before GDCM reads it. GDCM allocates each
// element's value at the length its header declares, before reading it: one 88 kB file
// whose element claims 3.4 GB made the folder scan allocate 3.4 GB (found by
// `scripts/fuzz dicom_scan`). Every value length is checked against the bytes the file
// still has, sequences and items included, in fixed memory; nothing is decoded.
#include <string>

#include "core/result.h"

namespace tmsnav {

// Ok for a file whose every element fits in it, and for a file that does not look like
// DICOM (no "DICM", and a first element with neither a known VR nor a length the file can
// hold). Deflated data sets are only checked up to their file meta information.
Result<Done> checkDicomLengths(const std::string& path);

}  // namespace tmsnav
