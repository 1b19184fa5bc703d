#pragma once
// A small file browser for MRIs (Debian has no ImGui file dialog), drawing listForMri.
#include <string>
#include <vector>

#include "app/gui/mri_listing.h"
#include "app/gui/ui_command.h"
#include "core/result.h"

namespace tmsnav {

struct FileBrowserState {
  bool open = false;
  std::string folder;
  std::vector<BrowserEntry> entries;
  std::string error;
};

// Lists folder (or says why not) for the next drawing.
void openFolder(FileBrowserState& state, const std::string& folder);

// A modal window: navigate, then load a file or a DICOM folder (CmdLoadMri).
void drawFileBrowser(FileBrowserState& state, std::vector<UiCommand>& out);

}  // namespace tmsnav
