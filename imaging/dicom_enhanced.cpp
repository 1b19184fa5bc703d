#include "imaging/dicom_enhanced.h"

#include <gdcmImage.h>
#include <gdcmImageReader.h>
#include <gdcmReader.h>
#include <gdcmSequenceOfItems.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <map>
#include <numeric>

#include "imaging/dicom_stack.h"

namespace tmsnav {

namespace {
using gdcm::Tag;
const Tag kPerFrame(0x5200, 0x9230), kShared(0x5200, 0x9229), kFrames(0x0028, 0x0008),
    kRows(0x0028, 0x0010), kColumns(0x0028, 0x0011), kSeriesUid(0x0020, 0x000e),
    kDescription(0x0008, 0x103e), kModality(0x0008, 0x0060), kPulseSequence(0x0018, 0x9005),
    kSequenceName(0x0018, 0x0024), kAcquisitionType(0x0018, 0x0023), kPatientId(0x0010, 0x0020),
    kDimensionIndex(0x0020, 0x9222), kDimensionPointer(0x0020, 0x9165),
    kFrameContent(0x0020, 0x9111), kStackId(0x0020, 0x9056), kInStack(0x0020, 0x9057),
    kTemporal(0x0020, 0x9128), kDimensionValues(0x0020, 0x9157), kPlanePosition(0x0020, 0x9113),
    kPosition(0x0020, 0x0032), kPlaneOrientation(0x0020, 0x9116), kOrientation(0x0020, 0x0037),
    kPixelMeasures(0x0028, 0x9110), kPixelSpacing(0x0028, 0x0030), kValueTransform(0x0028, 0x9145),
    kIntercept(0x0028, 0x1052), kSlope(0x0028, 0x1053), kMrFrameType(0x0018, 0x9226),
    kCtFrameType(0x0018, 0x9329), kComplex(0x0008, 0x9208), kPixelData(0x7fe0, 0x0010);
constexpr double kSameOrientation = 1e-4;  // direction cosines of one volume's frames
constexpr double kSameSpacingMm = 1e-4;

std::string raw(const gdcm::DataSet& ds, Tag t) {
  if (!ds.FindDataElement(t)) return {};
  const gdcm::ByteValue* bv = ds.GetDataElement(t).GetByteValue();
  return bv ? std::string(bv->GetPointer(), bv->GetLength()) : std::string();
}

std::string text(const gdcm::DataSet& ds, Tag t) {
  return dicomTrimmed(raw(ds, t));
}

// `tag` in the first item of functional group `group`: the frame's own, else the shared one.
std::string groupRaw(const gdcm::DataSet& frame, const gdcm::DataSet* shared, Tag group, Tag tag) {
  for (const gdcm::DataSet* ds : {&frame, shared}) {
    if (!ds || !ds->FindDataElement(group)) continue;
    const gdcm::SmartPointer<gdcm::SequenceOfItems> sq = ds->GetDataElement(group).GetValueAsSQ();
    if (!sq || sq->GetNumberOfItems() == 0) continue;
    const gdcm::DataSet& item = sq->GetItem(1).GetNestedDataSet();
    if (item.FindDataElement(tag)) return raw(item, tag);
  }
  return {};
}

// Binary values (US, UL, AT) as the little-endian transfer syntaxes store them.
std::vector<std::uint32_t> uint32s(const std::string& bytes) {
  std::vector<std::uint32_t> v(bytes.size() / 4);
  if (bytes.size() % 4) return {};
  std::memcpy(v.data(), bytes.data(), bytes.size());
  return v;
}

int uint16At(const gdcm::DataSet& ds, Tag t) {
  const std::string b = raw(ds, t);
  if (b.size() != 2) return 0;
  std::uint16_t v;
  std::memcpy(&v, b.data(), 2);
  return v;
}

std::string joined(const std::vector<std::uint32_t>& v) {
  std::string s;
  for (auto x : v) s += std::to_string(x) + ",";
  return s;
}

struct Frame {
  size_t file = 0, index = 0;  // which file, which frame of it (from 0)
  std::string key;             // the volume it belongs to
  Eigen::Vector3d position, row, col;
  double column_step = 0, row_step = 0;
  double slope = 1, intercept = 0;
  std::string component;
};

struct Group {
  DicomSeriesInfo info;
  std::vector<Frame> frames;  // sorted along the normal when the layout is usable
  SliceStack stack;
  StackLayout layout;
};

struct Header {
  DicomSeriesInfo common;
  std::vector<Frame> frames;
};

Result<Frame> readFrame(const gdcm::DataSet& item, const gdcm::DataSet* shared,
                        const std::vector<bool>& keep_dimension, size_t index) {
  Frame f;
  f.index = index;
  const std::string where = "frame " + std::to_string(index + 1);
  const auto ipp = dicomNumbers(groupRaw(item, shared, kPlanePosition, kPosition));
  const auto iop = dicomNumbers(groupRaw(item, shared, kPlaneOrientation, kOrientation));
  const auto spacing = dicomNumbers(groupRaw(item, shared, kPixelMeasures, kPixelSpacing));
  if (ipp.size() != 3) return Error{where + " has no Plane Position (Patient)"};
  if (iop.size() != 6) return Error{where + " has no Plane Orientation (Patient)"};
  if (spacing.size() != 2) return Error{where + " has no Pixel Spacing"};
  f.position = {ipp[0], ipp[1], ipp[2]};
  f.row = {iop[0], iop[1], iop[2]};
  f.col = {iop[3], iop[4], iop[5]};
  f.row_step = spacing[0];
  f.column_step = spacing[1];
  const auto slope = dicomNumbers(groupRaw(item, shared, kValueTransform, kSlope));
  const auto intercept = dicomNumbers(groupRaw(item, shared, kValueTransform, kIntercept));
  if (slope.size() == 1 && slope[0] != 0) f.slope = slope[0];
  if (intercept.size() == 1) f.intercept = intercept[0];
  f.component = dicomTrimmed(groupRaw(item, shared, kMrFrameType, kComplex));
  if (f.component.empty())
    f.component = dicomTrimmed(groupRaw(item, shared, kCtFrameType, kComplex));
  // Every dimension but the position in the stack tells volumes apart.
  const auto dims = uint32s(groupRaw(item, shared, kFrameContent, kDimensionValues));
  std::vector<std::uint32_t> kept;
  for (size_t i = 0; i < dims.size(); ++i)
    if (i >= keep_dimension.size() || keep_dimension[i]) kept.push_back(dims[i]);
  f.key = "stack " + dicomTrimmed(groupRaw(item, shared, kFrameContent, kStackId)) + " time " +
          joined(uint32s(groupRaw(item, shared, kFrameContent, kTemporal))) + " dims " +
          joined(kept) + " " + f.component;
  return f;
}

Result<Header> readHeaders(const std::vector<std::string>& files) {
  Header h;
  for (size_t fi = 0; fi < files.size(); ++fi) {
    const std::string& path = files[fi];
    gdcm::Reader reader;
    reader.SetFileName(path.c_str());
    if (!reader.ReadUpToTag(kPixelData)) return Error{"cannot read the DICOM header of " + path};
    const gdcm::DataSet& ds = reader.GetFile().GetDataSet();
    if (!ds.FindDataElement(kPerFrame))
      return Error{path + " has several frames but no per-frame functional groups to place them"};
    const int rows = uint16At(ds, kRows), columns = uint16At(ds, kColumns);
    const auto frames = dicomNumbers(text(ds, kFrames));
    const long n = frames.size() == 1 ? static_cast<long>(frames[0]) : 1;
    if (rows <= 0 || columns <= 0 || n <= 0 ||
        static_cast<long double>(rows) * columns * n > kMaxVoxels)
      return Error{path + " has implausible dimensions"};
    if (fi == 0) {
      DicomSeriesInfo& c = h.common;
      c.uid = text(ds, kSeriesUid);
      c.description = text(ds, kDescription);
      c.patient_id = text(ds, kPatientId);
      c.modality = text(ds, kModality);
      c.sequence = text(ds, kPulseSequence);
      if (c.sequence.empty()) c.sequence = text(ds, kSequenceName);
      c.acquisition = text(ds, kAcquisitionType);
      c.rows = rows;
      c.columns = columns;
      c.files = files;
      c.enhanced = true;
    } else if (rows != h.common.rows || columns != h.common.columns) {
      return Error{"enhanced files of series " + h.common.uid + " differ in rows and columns"};
    }
    // Which Dimension Index Values are the position within the stack.
    std::vector<bool> keep;
    if (ds.FindDataElement(kDimensionIndex)) {
      const auto sq = ds.GetDataElement(kDimensionIndex).GetValueAsSQ();
      for (size_t i = 1; sq && i <= sq->GetNumberOfItems(); ++i) {
        const auto at = uint32s(raw(sq->GetItem(i).GetNestedDataSet(), kDimensionPointer));
        const Tag pointer = at.size() == 1 ? Tag(at[0] & 0xffff, at[0] >> 16) : Tag();
        keep.push_back(pointer != kInStack && pointer != kPosition);
      }
    }
    const auto perframe = ds.GetDataElement(kPerFrame).GetValueAsSQ();
    if (!perframe || static_cast<long>(perframe->GetNumberOfItems()) != n)
      return Error{path + ": the per-frame functional groups do not match Number of Frames"};
    gdcm::SmartPointer<gdcm::SequenceOfItems> shared_sq;
    if (ds.FindDataElement(kShared)) shared_sq = ds.GetDataElement(kShared).GetValueAsSQ();
    const gdcm::DataSet* shared = shared_sq && shared_sq->GetNumberOfItems() > 0
                                      ? &shared_sq->GetItem(1).GetNestedDataSet()
                                      : nullptr;
    for (long i = 0; i < n; ++i) {
      auto f = readFrame(perframe->GetItem(i + 1).GetNestedDataSet(), shared, keep, i);
      if (!f) return Error{path + ": " + f.error()};
      f->file = fi;
      h.frames.push_back(std::move(*f));
    }
  }
  return h;
}

std::vector<Group> groupFrames(const Header& h, bool by_file) {
  std::vector<Group> groups;
  std::map<std::string, size_t> index;
  for (const Frame& f : h.frames) {
    const std::string key = f.key + (by_file ? " file " + std::to_string(f.file) : "");
    auto [it, added] = index.emplace(key, groups.size());
    if (added) groups.emplace_back().info = h.common;
    groups[it->second].frames.push_back(f);
  }
  return groups;
}

void layout(Group& g) {
  const Frame& first = g.frames.front();
  g.stack.row = first.row;
  g.stack.col = first.col;
  g.stack.column_step_mm = first.column_step;
  g.stack.row_step_mm = first.row_step;
  for (const Frame& f : g.frames) {
    if ((f.row - first.row).norm() + (f.col - first.col).norm() > kSameOrientation) {
      g.layout.problems.push_back("frames of one volume have different orientations");
      return;
    }
    if (std::abs(f.row_step - first.row_step) + std::abs(f.column_step - first.column_step) >
        kSameSpacingMm) {
      g.layout.problems.push_back("frames of one volume have different pixel spacings");
      return;
    }
    g.stack.positions.push_back(f.position);
  }
  g.layout = layoutStack(g.stack);
  if (!g.layout.problems.empty()) return;
  std::vector<Frame> sorted;
  std::vector<Eigen::Vector3d> positions;
  for (size_t i : g.layout.order)
    sorted.push_back(g.frames[i]), positions.push_back(g.frames[i].position);
  g.frames = std::move(sorted);
  g.stack.positions = std::move(positions);
  std::iota(g.layout.order.begin(), g.layout.order.end(), size_t{0});
}

Result<std::vector<Group>> volumes(const std::vector<std::string>& files) {
  auto h = readHeaders(files);
  if (!h) return Error{h.error()};
  std::vector<Group> groups = groupFrames(*h, false);
  for (Group& g : groups) layout(g);
  // Two files of one series that each hold a whole volume: split them by file.
  const bool repeated =
      files.size() > 1 && std::any_of(groups.begin(), groups.end(),
                                      [](const Group& g) { return !g.layout.problems.empty(); });
  if (repeated) {
    groups = groupFrames(*h, true);
    for (Group& g : groups) layout(g);
  }
  for (size_t k = 0; k < groups.size(); ++k) {
    DicomSeriesInfo& info = groups[k].info;
    info.slices = static_cast<int>(groups[k].frames.size());
    info.slice_spacing_mm = groups[k].layout.step_mm;
    info.component = groups[k].frames.front().component;
    info.problems = groups[k].layout.problems;
    if (info.problems.empty() && groups[k].frames.size() > 1 && !groups[k].layout.regular())
      info.warnings.push_back("slices are not on a regular grid: resampled from their positions");
    if (groups.size() > 1) {
      info.uid += "#" + std::to_string(k + 1);
      info.description += " [volume " + std::to_string(k + 1) + " of " +
                          std::to_string(groups.size()) +
                          (info.component.empty() ? "" : ", " + info.component) + "]";
    }
  }
  return groups;
}

template <class T>
void convert(const char* bytes, size_t count, const Frame& f, float* out) {
  for (size_t i = 0; i < count; ++i) {
    T v;
    std::memcpy(&v, bytes + i * sizeof(T), sizeof(T));
    out[i] = static_cast<float>(v * f.slope + f.intercept);
  }
}

// Copies the group's frames that live in file `fi` into `slices` (z = sorted frame index).
Result<Done> readPixels(const std::string& path, size_t fi, const Group& g, ImageF* slices) {
  gdcm::ImageReader reader;
  reader.SetFileName(path.c_str());
  if (!reader.Read()) return Error{"cannot decode the pixels of " + path};
  const gdcm::Image& image = reader.GetImage();
  const gdcm::PixelFormat pf = image.GetPixelFormat();
  const size_t cols = g.info.columns, rows = g.info.rows, plane = cols * rows;
  const unsigned* dims = image.GetDimensions();
  const size_t frames = image.GetNumberOfDimensions() > 2 ? dims[2] : 1;
  if (static_cast<long double>(plane) * frames > kMaxVoxels)
    return Error{path + " has implausible dimensions"};
  if (dims[0] != cols || dims[1] != rows || pf.GetSamplesPerPixel() != 1)
    return Error{path + ": pixel data do not match the header (or are not greyscale)"};
  const size_t bytes = pf.GetPixelSize();
  if (image.GetBufferLength() != plane * frames * bytes)
    return Error{path + ": pixel data length does not match the header"};
  // GDCM reads a file cut short without complaint: uncompressed pixels must all be there.
  std::error_code ec;
  const gdcm::ByteValue* stored = image.GetDataElement().GetByteValue();
  if (!image.GetTransferSyntax().IsEncapsulated() &&
      ((stored && stored->GetLength() < plane * frames * bytes) ||
       std::filesystem::file_size(path, ec) < plane * frames * bytes))
    return Error{path + ": the pixel data are cut short (truncated file)"};
  std::vector<char> buffer(image.GetBufferLength());
  if (!image.GetBuffer(buffer.data())) return Error{"cannot decode the pixels of " + path};
  for (size_t z = 0; z < g.frames.size(); ++z) {
    const Frame& f = g.frames[z];
    if (f.file != fi) continue;
    if (f.index >= frames) return Error{path + ": a frame is missing from the pixel data"};
    const char* src = buffer.data() + f.index * plane * bytes;
    float* dst = slices->GetBufferPointer() + z * plane;
    switch (pf.GetScalarType()) {
      case gdcm::PixelFormat::UINT8:
        convert<std::uint8_t>(src, plane, f, dst);
        break;
      case gdcm::PixelFormat::INT8:
        convert<std::int8_t>(src, plane, f, dst);
        break;
      case gdcm::PixelFormat::UINT16:
        convert<std::uint16_t>(src, plane, f, dst);
        break;
      case gdcm::PixelFormat::INT16:
        convert<std::int16_t>(src, plane, f, dst);
        break;
      case gdcm::PixelFormat::UINT32:
        convert<std::uint32_t>(src, plane, f, dst);
        break;
      case gdcm::PixelFormat::INT32:
        convert<std::int32_t>(src, plane, f, dst);
        break;
      case gdcm::PixelFormat::FLOAT32:
        convert<float>(src, plane, f, dst);
        break;
      case gdcm::PixelFormat::FLOAT64:
        convert<double>(src, plane, f, dst);
        break;
      default:
        return Error{path + ": unsupported pixel type " + std::string(pf.GetScalarTypeAsString())};
    }
  }
  return Done{};
}
}  // namespace

bool isEnhancedDicom(const std::string& path) {
  gdcm::Reader reader;
  reader.SetFileName(path.c_str());
  return reader.ReadUpToTag(kPixelData) && reader.GetFile().GetDataSet().FindDataElement(kPerFrame);
}

Result<std::vector<DicomSeriesInfo>> listEnhancedVolumes(const std::vector<std::string>& files) {
  auto groups = volumes(files);
  if (!groups) return Error{groups.error()};
  std::vector<DicomSeriesInfo> out;
  for (const Group& g : *groups) out.push_back(g.info);
  return out;
}

Result<Volume> loadEnhancedVolume(const std::vector<std::string>& files, const std::string& uid) {
  auto groups = volumes(files);
  if (!groups) return Error{groups.error()};
  const Group* chosen = nullptr;
  for (const Group& g : *groups)
    if (g.info.uid == uid || (!chosen && g.info.uid.rfind(uid + "#", 0) == 0)) chosen = &g;
  if (!chosen) return Error{"no volume " + uid + " in the enhanced DICOM files"};
  for (const auto& p : chosen->info.problems)
    return Error{"DICOM series " + chosen->info.uid + ": " + p};
  ImageF::Pointer slices = ImageF::New();
  ImageF::RegionType region;
  region.SetSize({{static_cast<ImageF::SizeValueType>(chosen->info.columns),
                   static_cast<ImageF::SizeValueType>(chosen->info.rows),
                   static_cast<ImageF::SizeValueType>(chosen->frames.size())}});
  slices->SetRegions(region);
  slices->Allocate();
  for (size_t fi = 0; fi < files.size(); ++fi) {
    const bool used = std::any_of(chosen->frames.begin(), chosen->frames.end(),
                                  [&](const Frame& f) { return f.file == fi; });
    if (!used) continue;
    if (auto ok = readPixels(files[fi], fi, *chosen, slices); !ok) return Error{ok.error()};
  }
  Volume v;
  auto placed = placeSlices(slices, chosen->stack, chosen->layout, v.warnings);
  if (!placed) return Error{placed.error()};
  v.image = *placed;
  v.source = "dicom";
  v.series_uid = chosen->info.uid;
  return v;
}

}  // namespace tmsnav
