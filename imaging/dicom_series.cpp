#include "imaging/dicom_series.h"

#include <gdcmScanner.h>
#include <gdcmTrace.h>
#include <itkGDCMImageIO.h>
#include <itkGDCMSeriesFileNames.h>
#include <itkImageSeriesReader.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <numeric>
#include <sstream>

namespace tmsnav {

namespace {
constexpr double kDuplicateMm = 0.01;  // two slices closer than this are the same place
constexpr double kGapFactor = 1.5;     // a step this much above the median: missing slices
constexpr double kUnevenFraction = 0.01;

const gdcm::Tag kPosition(0x0020, 0x0032), kOrientation(0x0020, 0x0037), kSeriesUid(0x0020, 0x000e),
    kDescription(0x0008, 0x103e), kModality(0x0008, 0x0060), kScanningSequence(0x0018, 0x0020),
    kSequenceName(0x0018, 0x0024), kAcquisitionType(0x0018, 0x0023), kRows(0x0028, 0x0010),
    kColumns(0x0028, 0x0011), kTransferSyntax(0x0002, 0x0010), kPatientId(0x0010, 0x0020);

void quietGdcm() {
  gdcm::Trace::WarningOff();
  gdcm::Trace::DebugOff();
  gdcm::Trace::ErrorOff();                 // failures come back as values with our own message
  itk::Object::GlobalWarningDisplayOff();  // GDCM and ITK would print on stderr
}

std::vector<double> numbers(const char* text) {
  std::vector<double> v;
  if (!text) return v;
  std::stringstream ss(text);
  for (std::string part; std::getline(ss, part, '\\');) {
    try {
      v.push_back(std::stod(part));
    } catch (...) {
      return {};
    }
  }
  return v;
}

std::string trimmed(const char* text) {
  std::string s = text ? text : "";
  while (!s.empty() && (s.back() == ' ' || s.back() == '\0')) s.pop_back();
  return s;
}

struct SliceGeometry {
  Eigen::Vector3d row, col, normal;
  std::vector<std::pair<double, std::string>> positions;  // along normal, file
  std::vector<Eigen::Vector3d> ipp;
};

// Sorts the files along the slice normal and lists what is wrong with the stack.
void sortAndCheck(gdcm::Scanner& scanner, DicomSeriesInfo& s) {
  const auto iop = numbers(scanner.GetValue(s.files.front().c_str(), kOrientation));
  if (iop.size() != 6) {
    s.problems.push_back("no Image Orientation (Patient)");
    return;
  }
  const Eigen::Vector3d row(iop[0], iop[1], iop[2]), col(iop[3], iop[4], iop[5]);
  const Eigen::Vector3d normal = row.cross(col).normalized();
  std::vector<std::pair<double, std::string>> order;
  for (const auto& f : s.files) {
    const auto ipp = numbers(scanner.GetValue(f.c_str(), kPosition));
    const auto o = numbers(scanner.GetValue(f.c_str(), kOrientation));
    if (ipp.size() != 3) return s.problems.push_back("a slice has no Image Position (Patient)");
    if (o.size() == 6 && (Eigen::Vector3d(o[0], o[1], o[2]) - row).norm() +
                                 (Eigen::Vector3d(o[3], o[4], o[5]) - col).norm() >
                             1e-3)
      return s.problems.push_back("slices have different orientations");
    order.emplace_back(normal.dot(Eigen::Vector3d(ipp[0], ipp[1], ipp[2])), f);
  }
  std::sort(order.begin(), order.end());
  s.files.clear();
  for (const auto& [pos, f] : order) s.files.push_back(f);
  s.slices = static_cast<int>(order.size());
  if (order.size() < 2) return;
  std::vector<double> steps;
  for (size_t i = 1; i < order.size(); ++i) steps.push_back(order[i].first - order[i - 1].first);
  std::vector<double> sorted = steps;
  std::nth_element(sorted.begin(), sorted.begin() + sorted.size() / 2, sorted.end());
  s.slice_spacing_mm = sorted[sorted.size() / 2];
  const long duplicates =
      std::count_if(steps.begin(), steps.end(), [](double d) { return d < kDuplicateMm; });
  if (duplicates) s.problems.push_back(std::to_string(duplicates) + " duplicate slice position(s)");
  const long gaps = std::count_if(steps.begin(), steps.end(),
                                  [&](double d) { return d > kGapFactor * s.slice_spacing_mm; });
  if (gaps)
    s.problems.push_back(std::to_string(gaps) + " gap(s) in the slice positions: missing slices");
  const auto [lo, hi] = std::minmax_element(steps.begin(), steps.end());
  if (!duplicates && !gaps && *hi - *lo > kUnevenFraction * s.slice_spacing_mm)
    s.problems.push_back("uneven slice spacing (" + std::to_string(*lo) + " to " +
                         std::to_string(*hi) + " mm)");
}

bool refusing(const std::string& problem) {
  return problem.find("uneven") == std::string::npos;
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
  return score;
}
}  // namespace

bool isDicomFile(const std::string& path) {
  quietGdcm();
  auto io = itk::GDCMImageIO::New();
  return io->CanReadFile(path.c_str());
}

Result<std::vector<DicomSeriesInfo>> listDicomSeries(const std::string& folder) {
  quietGdcm();
  std::vector<DicomSeriesInfo> out;
  try {
    auto names = itk::GDCMSeriesFileNames::New();
    names->SetUseSeriesDetails(true);  // split a UID by orientation and size as well
    names->SetDirectory(folder);
    for (const std::string& uid : names->GetSeriesUIDs()) {
      DicomSeriesInfo s;
      s.uid = uid;
      s.files = names->GetFileNames(uid);
      if (s.files.empty()) continue;
      gdcm::Scanner scanner;
      for (const auto& tag :
           {kPosition, kOrientation, kSeriesUid, kDescription, kModality, kScanningSequence,
            kSequenceName, kAcquisitionType, kRows, kColumns, kTransferSyntax, kPatientId})
        scanner.AddTag(tag);
      if (!scanner.Scan(s.files)) continue;
      const char* first = s.files.front().c_str();
      s.uid = trimmed(scanner.GetValue(first, kSeriesUid));
      s.description = trimmed(scanner.GetValue(first, kDescription));
      s.patient_id = trimmed(scanner.GetValue(first, kPatientId));
      s.modality = trimmed(scanner.GetValue(first, kModality));
      s.sequence = trimmed(scanner.GetValue(first, kSequenceName));
      if (s.sequence.empty()) s.sequence = trimmed(scanner.GetValue(first, kScanningSequence));
      s.acquisition = trimmed(scanner.GetValue(first, kAcquisitionType));
      s.rows = std::atoi(trimmed(scanner.GetValue(first, kRows)).c_str());
      s.columns = std::atoi(trimmed(scanner.GetValue(first, kColumns)).c_str());
      sortAndCheck(scanner, s);
      out.push_back(std::move(s));
    }
  } catch (const itk::ExceptionObject& e) {
    return Error{"cannot read DICOM folder " + folder + ": " + e.GetDescription()};
  }
  if (out.empty()) return Error{"no DICOM image series in " + folder};
  return out;
}

const DicomSeriesInfo* pickT1Series(const std::vector<DicomSeriesInfo>& series) {
  const DicomSeriesInfo* best = nullptr;
  for (const auto& s : series)
    if (!best || score(s) > score(*best)) best = &s;
  return best;
}

Result<Volume> loadDicomSeries(const std::string& path, const std::string& series_uid) {
  const std::string folder = folderOf(path);
  auto listed = listDicomSeries(folder);
  if (!listed) return Error{listed.error()};
  const DicomSeriesInfo* chosen = nullptr;
  if (!series_uid.empty()) {
    for (const auto& s : *listed)
      if (s.uid == series_uid) chosen = &s;
    if (!chosen) return Error{"no series " + series_uid + " in " + folder};
  } else if (std::filesystem::is_regular_file(path)) {
    for (const auto& s : *listed)  // the series the given file belongs to
      if (std::find(s.files.begin(), s.files.end(), path) != s.files.end()) chosen = &s;
  }
  if (!chosen) chosen = pickT1Series(*listed);
  for (const auto& p : chosen->problems)
    if (refusing(p)) return Error{"DICOM series " + chosen->uid + ": " + p};
  // Checked before GDCM allocates: rows and columns come from the headers.
  if (static_cast<long double>(chosen->rows) * chosen->columns * chosen->slices > kMaxVoxels ||
      chosen->rows <= 0 || chosen->columns <= 0)
    return Error{"DICOM series " + chosen->uid + " has implausible dimensions"};
  try {
    auto reader = itk::ImageSeriesReader<ImageF>::New();
    reader->SetImageIO(itk::GDCMImageIO::New());
    reader->SetFileNames(chosen->files);
    reader->Update();
    Volume v;
    v.image = reader->GetOutput();
    v.image->DisconnectPipeline();
    v.path = path;
    v.source = "dicom";
    v.series = *listed;
    v.series_uid = chosen->uid;
    if (chosen->slices > 1) {  // the stack's own geometry: sorted positions, median step
      auto spacing = v.image->GetSpacing();
      spacing[2] = chosen->slice_spacing_mm;
      v.image->SetSpacing(spacing);
    }
    for (const auto& p : chosen->problems) v.warnings.push_back(p);
    return v;
  } catch (const itk::ExceptionObject& e) {
    return Error{"cannot decode DICOM series " + chosen->uid + ": " + e.GetDescription()};
  }
}

Result<Volume> loadDicomFile(const std::string& path) {
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
    const std::string ts = trimmed(scanner.GetValue(path.c_str(), kTransferSyntax));
    return Error{"cannot decode " + path + " (transfer syntax " + (ts.empty() ? "unknown" : ts) +
                 "): " + firstLine(e.GetDescription())};
  }
}

}  // namespace tmsnav
