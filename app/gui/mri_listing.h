#pragma once
// Which entries of a folder can become an MRI in tmsnav: folders (marked when they hold
// DICOM files) and the files it reads (NIfTI, NRRD, MetaImage). No UI: the file browser
// draws this list.
#include <string>
#include <vector>

#include "core/result.h"

namespace tmsnav {

struct BrowserEntry {
  std::string name;
  std::string path;
  bool directory = false;
  bool dicom = false;  // a folder with DICOM files: loadable as a series
  bool mri = false;    // a file tmsnav can load
};

// Folders first, then files, each by name; at most max_entries; an unreadable folder is
// an Error.
Result<std::vector<BrowserEntry>> listForMri(const std::string& folder, size_t max_entries = 2000);
// A folder whose first few files include a DICOM file.
bool holdsDicom(const std::string& folder);

}  // namespace tmsnav
