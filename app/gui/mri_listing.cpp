#include "app/gui/mri_listing.h"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace tmsnav {

namespace {
namespace fs = std::filesystem;
constexpr int kDicomProbeFiles = 8;  // a folder is DICOM if one of its first files is

bool isMriFile(const std::string& name) {
  for (const char* ext : {".nii", ".nii.gz", ".nrrd", ".nhdr", ".mha", ".mhd"})
    if (name.size() > std::strlen(ext) && name.ends_with(ext)) return true;
  return false;
}

// DICOM Part 10: "DICM" at byte 128.
bool isDicomFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  char magic[4] = {};
  in.seekg(128);
  return in.read(magic, 4) && std::memcmp(magic, "DICM", 4) == 0;
}

bool holdsDicomPath(const fs::path& dir) {
  std::error_code ec;
  int probed = 0;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end && probed < kDicomProbeFiles;
       it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    ++probed;
    if (it->path().extension() == ".dcm" || isDicomFile(it->path())) return true;
  }
  return false;
}
}  // namespace

bool holdsDicom(const std::string& folder) {
  return holdsDicomPath(folder);
}

Result<std::vector<BrowserEntry>> listForMri(const std::string& folder, size_t max_entries) {
  std::error_code ec;
  fs::directory_iterator it(folder, ec);
  if (ec) return Error{"cannot list " + folder + ": " + ec.message()};
  std::vector<BrowserEntry> out;
  for (fs::directory_iterator end; it != end && out.size() < max_entries; it.increment(ec)) {
    if (ec) break;
    const std::string name = it->path().filename().string();
    if (name.empty() || name[0] == '.') continue;
    BrowserEntry e{name, it->path().string(), it->is_directory(ec), false, false};
    if (e.directory)
      e.dicom = holdsDicomPath(it->path());
    else
      e.mri = isMriFile(name);
    if (e.directory || e.mri) out.push_back(std::move(e));
  }
  std::sort(out.begin(), out.end(), [](const BrowserEntry& a, const BrowserEntry& b) {
    return a.directory != b.directory ? a.directory : a.name < b.name;
  });
  return out;
}

}  // namespace tmsnav
