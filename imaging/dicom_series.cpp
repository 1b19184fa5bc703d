#include "imaging/dicom_series.h"

#include <gdcmScanner.h>
#include <gdcmTrace.h>
#include <itkGDCMImageIO.h>
#include <itkGDCMSeriesFileNames.h>
#include <itkImageSeriesReader.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <filesystem>
#include <map>
#include <memory>
#include <set>

#include <unistd.h>

#include "imaging/dicom_enhanced.h"
#include "imaging/dicom_lengths.h"
#include "imaging/dicom_stack.h"

namespace tmsnav {

namespace {
constexpr double kSameOrientation = 1e-3;  // direction cosines of one series' slices
constexpr double kSamePositionMm = 0.01;   // two groups sharing a slice position stay apart
const char* const kMosaicProblem = "a Siemens mosaic (fMRI/DWI), not a structural scan";

const gdcm::Tag kPosition(0x0020, 0x0032), kOrientation(0x0020, 0x0037), kSeriesUid(0x0020, 0x000e),
    kDescription(0x0008, 0x103e), kModality(0x0008, 0x0060), kScanningSequence(0x0018, 0x0020),
    kSequenceName(0x0018, 0x0024), kAcquisitionType(0x0018, 0x0023), kRows(0x0028, 0x0010),
    kColumns(0x0028, 0x0011), kTransferSyntax(0x0002, 0x0010), kPatientId(0x0010, 0x0020),
    kImageType(0x0008, 0x0008), kFrames(0x0028, 0x0008), kSopClass(0x0008, 0x0016),
    kPixelSpacing(0x0028, 0x0030);

// SOP classes whose geometry lives in functional groups (Enhanced and Legacy Converted
// Enhanced MR, MR colour, CT, PET).
const std::set<std::string> kEnhancedClasses = {
    "1.2.840.10008.5.1.4.1.1.4.1",  "1.2.840.10008.5.1.4.1.1.4.3", "1.2.840.10008.5.1.4.1.1.4.4",
    "1.2.840.10008.5.1.4.1.1.2.1",  "1.2.840.10008.5.1.4.1.1.2.2", "1.2.840.10008.5.1.4.1.1.130",
    "1.2.840.10008.5.1.4.1.1.128.1"};

void quietGdcm() {
  gdcm::Trace::WarningOff();
  gdcm::Trace::DebugOff();
  gdcm::Trace::ErrorOff();                 // failures come back as values with our own message
  itk::Object::GlobalWarningDisplayOff();  // GDCM and ITK would print on stderr
}

std::string value(gdcm::Scanner& scanner, const std::string& file, const gdcm::Tag& tag) {
  const char* v = scanner.GetValue(file.c_str(), tag);
  return dicomTrimmed(v ? v : "");
}

void addTags(gdcm::Scanner& scanner) {
  for (const auto& tag :
       {kPosition, kOrientation, kSeriesUid, kDescription, kModality, kScanningSequence,
        kSequenceName, kAcquisitionType, kRows, kColumns, kTransferSyntax, kPatientId, kImageType,
        kFrames, kSopClass, kPixelSpacing})
    scanner.AddTag(tag);
}

// Siemens writes fMRI and DWI as mosaics: one image tiling every slice of a volume.
bool isMosaic(gdcm::Scanner& scanner, const std::string& file) {
  return value(scanner, file, kImageType).find("MOSAIC") != std::string::npos;
}

bool isEnhanced(gdcm::Scanner& scanner, const std::string& file) {
  const auto frames = dicomNumbers(value(scanner, file, kFrames));
  return kEnhancedClasses.count(value(scanner, file, kSopClass)) ||
         (frames.size() == 1 && frames[0] > 1);
}

// The slices' geometry from their headers, in file order.
Result<SliceStack> stackOf(gdcm::Scanner& scanner, const std::vector<std::string>& files) {
  SliceStack s;
  const auto iop = dicomNumbers(value(scanner, files.front(), kOrientation));
  if (iop.size() != 6) return Error{"no Image Orientation (Patient)"};
  s.row = {iop[0], iop[1], iop[2]};
  s.col = {iop[3], iop[4], iop[5]};
  const auto spacing = dicomNumbers(value(scanner, files.front(), kPixelSpacing));
  if (spacing.size() == 2) s.row_step_mm = spacing[0], s.column_step_mm = spacing[1];
  for (const auto& f : files) {
    const auto ipp = dicomNumbers(value(scanner, f, kPosition));
    const auto o = dicomNumbers(value(scanner, f, kOrientation));
    if (ipp.size() != 3) return Error{"a slice has no Image Position (Patient)"};
    if (o.size() != 6 || (Eigen::Vector3d(o[0], o[1], o[2]) - s.row).norm() +
                                 (Eigen::Vector3d(o[3], o[4], o[5]) - s.col).norm() >
                             kSameOrientation)
      return Error{"slices have different orientations"};
    s.positions.emplace_back(ipp[0], ipp[1], ipp[2]);
  }
  return s;
}

// Sorts the files along the slice normal and lists what is wrong with the stack.
void sortAndCheck(gdcm::Scanner& scanner, DicomSeriesInfo& s) {
  s.slices = static_cast<int>(s.files.size());
  if (s.mosaic) return s.problems.push_back(kMosaicProblem);
  auto stack = stackOf(scanner, s.files);
  if (!stack) return s.problems.push_back(stack.error());
  if (stack->row_step_mm == 0) stack->row_step_mm = stack->column_step_mm = 1;  // checked at load
  const StackLayout layout = layoutStack(*stack);
  std::vector<std::string> sorted;
  for (size_t i : layout.order) sorted.push_back(s.files[i]);
  if (sorted.size() == s.files.size()) s.files = sorted;
  s.slice_spacing_mm = layout.step_mm;
  s.problems = layout.problems;
  if (layout.problems.empty() && s.files.size() > 1 && !layout.regular())
    s.warnings.push_back(
        "slices are not on a regular grid (gantry tilt or mixed spacing): "
        "resampled from their positions");
}

DicomSeriesInfo describe(gdcm::Scanner& scanner, std::vector<std::string> files) {
  DicomSeriesInfo s;
  const std::string& first = files.front();
  s.uid = value(scanner, first, kSeriesUid);
  s.description = value(scanner, first, kDescription);
  s.patient_id = value(scanner, first, kPatientId);
  s.modality = value(scanner, first, kModality);
  s.sequence = value(scanner, first, kSequenceName);
  if (s.sequence.empty()) s.sequence = value(scanner, first, kScanningSequence);
  s.acquisition = value(scanner, first, kAcquisitionType);
  s.rows = std::atoi(value(scanner, first, kRows).c_str());
  s.columns = std::atoi(value(scanner, first, kColumns).c_str());
  s.mosaic = isMosaic(scanner, first);
  s.files = std::move(files);
  return s;
}

// ITK splits a series by Series Number, slice thickness and sequence name as well as UID.
// Groups of one UID with the same image size and orientation are one series again when
// their slices do not share positions (a CT with 4 and 7 mm slices), and mosaics of one
// UID are one series (one file per time point).
bool belongTogether(gdcm::Scanner& scanner, const DicomSeriesInfo& a, const DicomSeriesInfo& b) {
  if (a.uid != b.uid || a.rows != b.rows || a.columns != b.columns || a.mosaic != b.mosaic)
    return false;
  if (a.mosaic) return true;
  auto sa = stackOf(scanner, a.files), sb = stackOf(scanner, b.files);
  if (!sa || !sb || (sa->row - sb->row).norm() + (sa->col - sb->col).norm() > kSameOrientation)
    return false;
  const Eigen::Vector3d n = sliceNormal(*sa);
  for (const auto& p : sa->positions)
    for (const auto& q : sb->positions)
      if (std::abs(n.dot(p - q)) < kSamePositionMm) return false;
  return true;
}

std::string folderOf(const std::string& path) {
  std::error_code ec;
  return std::filesystem::is_directory(path, ec)
             ? path
             : std::filesystem::path(path).parent_path().string();
}

int score(const DicomSeriesInfo& s) {
  std::string text = s.description + " " + s.sequence;
  std::transform(text.begin(), text.end(), text.begin(), ::toupper);
  int score = s.slices;
  if (s.modality == "MR") score += 10000;
  if (s.acquisition == "3D") score += 5000;
  for (const char* t1 : {"T1", "MPRAGE", "MP-RAGE", "SPGR", "BRAVO", "TFE", "FSPGR"})
    if (text.find(t1) != std::string::npos) score += 20000;
  // Phase, real and imaginary images of an enhanced file share its description.
  if (!s.component.empty() && s.component != "MAGNITUDE" && s.component != "MIXED") score -= 40000;
  if (s.mosaic || !s.problems.empty()) score -= 80000;
  return score;
}

bool matches(const DicomSeriesInfo& s, const std::string& uid) {
  return s.uid == uid || s.uid.rfind(uid + "#", 0) == 0;
}

Result<Volume> loadClassic(const DicomSeriesInfo& chosen) {
  gdcm::Scanner scanner;
  addTags(scanner);
  if (!scanner.Scan(chosen.files)) return Error{"cannot read DICOM series " + chosen.uid};
  auto stack = stackOf(scanner, chosen.files);
  if (!stack) return Error{"DICOM series " + chosen.uid + ": " + stack.error()};
  auto reader = itk::ImageSeriesReader<ImageF>::New();
  reader->SetImageIO(itk::GDCMImageIO::New());
  reader->SetFileNames(chosen.files);
  reader->Update();
  ImageF::Pointer slices = reader->GetOutput();
  slices->DisconnectPipeline();
  if (stack->row_step_mm <= 0) {  // no Pixel Spacing: ITK's in-plane spacing
    stack->column_step_mm = slices->GetSpacing()[0];
    stack->row_step_mm = slices->GetSpacing()[1];
  }
  const StackLayout layout = layoutStack(*stack);
  for (const auto& p : layout.problems) return Error{"DICOM series " + chosen.uid + ": " + p};
  for (size_t i = 0; i < layout.order.size(); ++i)
    if (layout.order[i] != i) return Error{"internal: DICOM files are not sorted along the normal"};
  Volume v;
  auto placed = placeSlices(slices, *stack, layout, v.warnings);
  if (!placed) return Error{"DICOM series " + chosen.uid + ": " + placed.error()};
  v.image = *placed;
  return v;
}

// GDCM reads every file of the folder and allocates what each element claims, and asserts
// (stopping the process) on some files that are not DICOM at all: each file is walked by
// tmsnav first (imaging/dicom_lengths.h). DICOM whose elements lie refuses the folder; the
// files the walk does not take for DICOM are never shown to GDCM.
struct FolderWalk {
  std::vector<std::filesystem::path> dicom;
  size_t not_dicom = 0;
};

Result<FolderWalk> walkFolder(const std::string& folder) {
  FolderWalk out;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(folder, ec)) {
    if (!entry.is_regular_file(ec)) continue;
    auto walked = walkDicomFile(entry.path().string());
    if (!walked)
      return Error{walked.error() + "; the folder is not read (GDCM would abort on that file): " +
                   "move it out of the folder to load the others"};
    if (*walked == DicomWalk::Dicom)
      out.dicom.push_back(entry.path());
    else
      ++out.not_dicom;
  }
  return out;
}

// A private folder of links to the DICOM files alone, for GDCM's folder scan when the folder
// also holds other files; removed with the object.
class DicomLinks {
 public:
  static Result<std::unique_ptr<DicomLinks>> make(const std::vector<std::filesystem::path>& files) {
    static std::atomic<unsigned> serial{0};
    std::error_code ec;
    auto dir = std::filesystem::temp_directory_path(ec) /
               ("tmsnav-dicom-" + std::to_string(::getpid()) + "-" + std::to_string(serial++));
    std::filesystem::remove_all(dir, ec);
    if (!std::filesystem::create_directories(dir, ec))
      return Error{"cannot create " + dir.string() + ": " + ec.message()};
    auto links = std::unique_ptr<DicomLinks>(new DicomLinks(dir));
    for (const auto& f : files) {
      std::filesystem::create_symlink(std::filesystem::absolute(f, ec), dir / f.filename(), ec);
      if (ec) return Error{"cannot link " + f.string() + ": " + ec.message()};
    }
    return links;
  }
  ~DicomLinks() {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  const std::filesystem::path& dir() const { return dir_; }

 private:
  explicit DicomLinks(std::filesystem::path dir) : dir_(std::move(dir)) {}
  std::filesystem::path dir_;
};
}  // namespace

bool isDicomFile(const std::string& path) {
  // A file whose elements claim more than it holds is DICOM enough for loadDicomFile to
  // refuse it with the reason (GDCM's own check would allocate what it claims); a file the
  // walk does not take for DICOM is not shown to GDCM at all (it asserts on some).
  auto walked = walkDicomFile(path);
  if (!walked) return true;
  if (*walked == DicomWalk::NotDicom) return false;
  quietGdcm();
  auto io = itk::GDCMImageIO::New();
  return io->CanReadFile(path.c_str());
}

Result<std::vector<DicomSeriesInfo>> listDicomSeries(const std::string& folder) {
  quietGdcm();
  std::vector<DicomSeriesInfo> classic, out;
  std::map<std::string, std::vector<std::string>> enhanced;  // by Series Instance UID
  try {
    auto walked = walkFolder(folder);
    if (!walked) return Error{walked.error()};
    if (walked->dicom.empty()) return Error{"no DICOM image series in " + folder};
    std::unique_ptr<DicomLinks> links;  // only when GDCM must not see some of the files
    if (walked->not_dicom) {
      auto made = DicomLinks::make(walked->dicom);
      if (!made) return Error{made.error()};
      links = std::move(*made);
    }
    auto names = itk::GDCMSeriesFileNames::New();
    names->SetUseSeriesDetails(true);  // split a UID by orientation and size as well
    names->SetDirectory(links ? links->dir().string() : folder);
    gdcm::Scanner scanner;
    addTags(scanner);
    std::vector<std::string> all;
    for (const std::string& uid : names->GetSeriesUIDs())
      for (const auto& f : names->GetFileNames(uid)) all.push_back(f);
    if (!all.empty() && !scanner.Scan(all)) all.clear();
    for (const std::string& uid : names->GetSeriesUIDs()) {
      std::vector<std::string> files;
      for (const auto& f : names->GetFileNames(uid)) {
        if (isEnhanced(scanner, f))
          enhanced[value(scanner, f, kSeriesUid)].push_back(f);
        else
          files.push_back(f);
      }
      if (files.empty()) continue;
      DicomSeriesInfo s = describe(scanner, std::move(files));
      auto same = std::find_if(classic.begin(), classic.end(), [&](const DicomSeriesInfo& o) {
        return belongTogether(scanner, o, s);
      });
      if (same == classic.end())
        classic.push_back(std::move(s));
      else
        same->files.insert(same->files.end(), s.files.begin(), s.files.end());
    }
    for (auto& s : classic) {
      sortAndCheck(scanner, s);
      out.push_back(std::move(s));
    }
    for (auto& [uid, files] : enhanced) {
      std::sort(files.begin(), files.end());
      auto volumes = listEnhancedVolumes(files);
      if (!volumes) {
        DicomSeriesInfo s = describe(scanner, files);
        s.enhanced = true;
        s.problems.push_back(volumes.error());
        out.push_back(std::move(s));
        continue;
      }
      for (auto& v : *volumes) out.push_back(std::move(v));
    }
    // The files by their own names, not the links' (the links go with this scope).
    if (links)
      for (auto& series : out)
        for (auto& f : series.files)
          f = (std::filesystem::path(folder) / std::filesystem::path(f).filename()).string();
  } catch (const itk::ExceptionObject& e) {
    return Error{"cannot read DICOM folder " + folder + ": " + e.GetDescription()};
  }
  if (out.empty()) return Error{"no DICOM image series in " + folder};
  return out;
}

Result<Done> checkDicomSeriesHeader(const DicomSeriesInfo& chosen) {
  for (const auto& p : chosen.problems) return Error{"DICOM series " + chosen.uid + ": " + p};
  // Checked before anything is allocated: rows and columns come from the headers.
  if (static_cast<long double>(chosen.rows) * chosen.columns * chosen.slices > kMaxVoxels ||
      chosen.rows <= 0 || chosen.columns <= 0)
    return Error{"DICOM series " + chosen.uid + " has implausible dimensions"};
  return Done{};
}

const DicomSeriesInfo* pickT1Series(const std::vector<DicomSeriesInfo>& series) {
  const DicomSeriesInfo* best = nullptr;
  for (const auto& s : series)
    if (!best || score(s) > score(*best)) best = &s;
  return best;
}

namespace {
Result<Volume> loadListed(const std::string& path, const std::vector<DicomSeriesInfo>& listed,
                          const DicomSeriesInfo& chosen) {
  if (auto ok = checkDicomSeriesHeader(chosen); !ok) return Error{ok.error()};
  try {
    auto v = chosen.enhanced ? loadEnhancedVolume(chosen.files, chosen.uid) : loadClassic(chosen);
    if (!v) return v;
    v->path = path;
    v->source = "dicom";
    v->series = listed;
    v->series_uid = chosen.uid;
    return v;
  } catch (const itk::ExceptionObject& e) {
    return Error{"cannot decode DICOM series " + chosen.uid + ": " + firstLine(e.GetDescription())};
  }
}
}  // namespace

Result<Volume> loadDicomSeries(const std::string& path, const std::string& series_uid) {
  const std::string folder = folderOf(path);
  auto listed = listDicomSeries(folder);
  if (!listed) return Error{listed.error()};
  const DicomSeriesInfo* chosen = nullptr;
  if (!series_uid.empty()) {
    for (const auto& s : *listed)
      if (s.uid == series_uid) chosen = &s;
    for (const auto& s : *listed)  // a Series Instance UID alone: its first volume
      if (!chosen && matches(s, series_uid)) chosen = &s;
    if (!chosen) return Error{"no series " + series_uid + " in " + folder};
  } else if (std::filesystem::is_regular_file(path)) {
    std::vector<DicomSeriesInfo> mine;  // the series (or volumes) the given file belongs to
    for (const auto& s : *listed)
      if (std::find(s.files.begin(), s.files.end(), path) != s.files.end()) mine.push_back(s);
    if (const DicomSeriesInfo* best = pickT1Series(mine))
      for (const auto& s : *listed)
        if (s.uid == best->uid) chosen = &s;
  }
  if (!chosen) chosen = pickT1Series(*listed);
  return loadListed(path, *listed, *chosen);
}

Result<Volume> decodeDicomFile(const std::string& path) {
  auto walked = walkDicomFile(path);
  if (!walked) return Error{walked.error()};
  if (*walked == DicomWalk::NotDicom) return Error{path + " is not a DICOM file"};
  quietGdcm();
  try {
    auto io = itk::GDCMImageIO::New();
    auto v = readWithIo(io, path);
    if (v) v->source = "dicom";
    return v;
  } catch (const itk::ExceptionObject& e) {
    gdcm::Scanner scanner;
    scanner.AddTag(kTransferSyntax);
    scanner.Scan({path});
    const std::string ts = value(scanner, path, kTransferSyntax);
    return Error{"cannot decode " + path + " (transfer syntax " + (ts.empty() ? "unknown" : ts) +
                 "): " + firstLine(e.GetDescription())};
  }
}

Result<Volume> loadDicomFile(const std::string& path) {
  auto walked = walkDicomFile(path);
  if (!walked) return Error{walked.error()};
  if (*walked == DicomWalk::NotDicom) return Error{path + " is not a DICOM file"};
  quietGdcm();
  gdcm::Scanner scanner;
  addTags(scanner);
  if (scanner.Scan({path})) {
    if (isMosaic(scanner, path)) return Error{path + " is " + kMosaicProblem};
    if (isEnhanced(scanner, path)) {  // one file holds a whole series: its volumes
      auto listed = listEnhancedVolumes({path});
      if (!listed) return Error{listed.error()};
      return loadListed(path, *listed, *pickT1Series(*listed));
    }
  }
  return decodeDicomFile(path);
}

}  // namespace tmsnav
