#include "imaging/nrrd_header.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include <Eigen/LU>  // determinant(): without it, a build without the PCH fails to link

#include "core/coords.h"

namespace tmsnav {

namespace {
constexpr std::int64_t kProductCap = std::int64_t{1} << 62;
constexpr size_t kMaxHeaderBytes = 1 << 20;  // real headers are a few hundred bytes
constexpr int kNifti1HeaderBytes = 348;

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\r") - b + 1);
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::optional<VoxelType> voxelType(const std::string& name) {
  static const std::map<std::string, VoxelType> kTypes = {
      {"signed char", VoxelType::kI8},
      {"int8", VoxelType::kI8},
      {"int8_t", VoxelType::kI8},
      {"uchar", VoxelType::kU8},
      {"unsigned char", VoxelType::kU8},
      {"uint8", VoxelType::kU8},
      {"uint8_t", VoxelType::kU8},
      {"short", VoxelType::kI16},
      {"short int", VoxelType::kI16},
      {"signed short", VoxelType::kI16},
      {"signed short int", VoxelType::kI16},
      {"int16", VoxelType::kI16},
      {"int16_t", VoxelType::kI16},
      {"ushort", VoxelType::kU16},
      {"unsigned short", VoxelType::kU16},
      {"unsigned short int", VoxelType::kU16},
      {"uint16", VoxelType::kU16},
      {"uint16_t", VoxelType::kU16},
      {"int", VoxelType::kI32},
      {"signed int", VoxelType::kI32},
      {"int32", VoxelType::kI32},
      {"int32_t", VoxelType::kI32},
      {"uint", VoxelType::kU32},
      {"unsigned int", VoxelType::kU32},
      {"uint32", VoxelType::kU32},
      {"uint32_t", VoxelType::kU32},
      {"longlong", VoxelType::kI64},
      {"long long", VoxelType::kI64},
      {"long long int", VoxelType::kI64},
      {"signed long long", VoxelType::kI64},
      {"signed long long int", VoxelType::kI64},
      {"int64", VoxelType::kI64},
      {"int64_t", VoxelType::kI64},
      {"ulonglong", VoxelType::kU64},
      {"unsigned long long", VoxelType::kU64},
      {"unsigned long long int", VoxelType::kU64},
      {"uint64", VoxelType::kU64},
      {"uint64_t", VoxelType::kU64},
      {"float", VoxelType::kF32},
      {"double", VoxelType::kF64}};
  const auto it = kTypes.find(name);
  if (it == kTypes.end()) return std::nullopt;
  return it->second;
}

std::string normalisedSpace(const std::string& s) {
  if (s == "right-anterior-superior" || s == "ras") return "RAS";
  if (s == "left-anterior-superior" || s == "las") return "LAS";
  if (s == "left-posterior-superior" || s == "lps") return "LPS";
  return s;
}

std::string normalisedEncoding(const std::string& e) {
  if (e == "gz") return "gzip";
  if (e == "bz2") return "bzip2";
  if (e == "txt" || e == "text") return "ascii";
  return e;
}

// "(1,0,0)" -> the vector; anything else (including "none") -> empty.
std::optional<Eigen::Vector3d> parseVector(const std::string& text) {
  const std::string t = trim(text);
  if (t.size() < 2 || t.front() != '(' || t.back() != ')') return std::nullopt;
  std::stringstream ss(t.substr(1, t.size() - 2));
  Eigen::Vector3d v;
  std::string part;
  for (int i = 0; i < 3; ++i) {
    if (!std::getline(ss, part, ',')) return std::nullopt;
    char* end = nullptr;
    const std::string p = trim(part);
    v[i] = std::strtod(p.c_str(), &end);
    if (p.empty() || *end != '\0' || !std::isfinite(v[i])) return std::nullopt;
  }
  if (std::getline(ss, part, ',')) return std::nullopt;  // more than 3 components
  return v;
}

// Splits "(a,b,c) none (d,e,f)" into its entries.
std::vector<std::string> vectorEntries(const std::string& text) {
  std::vector<std::string> out;
  std::string cur;
  int depth = 0;
  for (char c : text) {
    if (c == '(') ++depth;
    if (c == ')') --depth;
    if (std::isspace(static_cast<unsigned char>(c)) && depth == 0) {
      if (!cur.empty()) out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

Result<std::int64_t> parseInt(const std::string& field, const std::string& text) {
  char* end = nullptr;
  errno = 0;
  const long long v = std::strtoll(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || errno != 0)
    return Error{"NRRD field '" + field + "' is not an integer: " + text};
  return static_cast<std::int64_t>(v);
}

bool endsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string sizesText(const std::vector<std::int64_t>& sizes) {
  std::string t;
  for (auto s : sizes) {  // appended in place: GCC 12 warns falsely on "" + to_string
    if (!t.empty()) t += ' ';
    t += std::to_string(s);
  }
  return t;
}
}  // namespace

std::int64_t NrrdHeader::voxels() const {
  std::int64_t n = 1;
  for (auto s : sizes) n = checkedProduct(n, s) < 0 ? kProductCap : std::min(n * s, kProductCap);
  return n;
}

std::vector<int> NrrdHeader::spatialAxes() const {
  std::vector<int> axes;
  for (int a = 0; a < static_cast<int>(space_directions.size()); ++a)
    if (space_directions[a]) axes.push_back(a);
  return axes;
}

int NrrdHeader::listAxis() const {
  for (int a = 0; a < static_cast<int>(space_directions.size()); ++a)
    if (!space_directions[a]) return a;
  return -1;
}

Result<NrrdHeader> parseNrrdHeader(const std::string& text, const std::string& header_dir) {
  std::istringstream in(text);
  std::string line;
  if (!std::getline(in, line) || line.rfind("NRRD000", 0) != 0)
    return Error{"not a NRRD file (no NRRD000x magic)"};
  NrrdHeader h;
  std::map<std::string, std::string> fields;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) break;  // the blank line that ends the header
    if (line[0] == '#') continue;
    const auto colon = line.find(':');
    if (colon == std::string::npos) return Error{"NRRD header line has no field: " + line};
    if (colon + 1 < line.size() && line[colon + 1] == '=') continue;  // key:=value
    fields[lower(trim(line.substr(0, colon)))] = trim(line.substr(colon + 1));
  }
  auto get = [&](std::initializer_list<const char*> names) -> std::string {
    for (const char* n : names)
      if (auto it = fields.find(n); it != fields.end()) return it->second;
    return "";
  };
  auto dim = parseInt("dimension", get({"dimension"}));
  if (!dim) return Error{dim.error()};
  if (*dim < 1 || *dim > 16) return Error{"NRRD dimension is out of range"};
  h.dimension = static_cast<int>(*dim);
  std::istringstream sizes(get({"sizes"}));
  std::string word;
  while (sizes >> word) {
    auto s = parseInt("sizes", word);
    if (!s) return Error{s.error()};
    if (*s < 1) return Error{"NRRD header has a non-positive size: " + word};
    h.sizes.push_back(*s);
  }
  if (static_cast<int>(h.sizes.size()) != h.dimension)
    return Error{"NRRD 'sizes' does not list 'dimension' values"};
  h.type_name = lower(get({"type"}));
  if (h.type_name.empty()) return Error{"NRRD header has no 'type'"};
  h.type = voxelType(h.type_name);
  if (!h.type && h.type_name != "block") return Error{"NRRD type '" + h.type_name + "' is unknown"};
  h.encoding = normalisedEncoding(lower(get({"encoding"})));
  if (h.encoding.empty()) return Error{"NRRD header has no 'encoding'"};
  const std::string endian = lower(get({"endian"}));
  h.big_endian = endian == "big";
  if (!endian.empty() && endian != "big" && endian != "little")
    return Error{"NRRD endian '" + endian + "' is unknown"};
  h.space = normalisedSpace(lower(get({"space"})));
  const std::string dirs = get({"space directions"});
  if (!dirs.empty()) {
    const auto entries = vectorEntries(dirs);
    if (static_cast<int>(entries.size()) != h.dimension)
      return Error{"NRRD 'space directions' does not list 'dimension' entries"};
    for (const auto& e : entries) {
      if (lower(e) == "none") {
        h.space_directions.push_back(std::nullopt);
        continue;
      }
      auto v = parseVector(e);
      if (!v) return Error{"NRRD space direction is not a 3-vector: " + e};
      h.space_directions.push_back(v);
    }
  }
  if (const std::string o = get({"space origin"}); !o.empty()) {
    h.space_origin = parseVector(o);
    if (!h.space_origin) return Error{"NRRD space origin is not a 3-vector: " + o};
  }
  std::istringstream kinds(get({"kinds"}));
  while (kinds >> word) h.kinds.push_back(lower(word));
  if (const std::string ls = get({"line skip", "lineskip"}); !ls.empty()) {
    auto v = parseInt("line skip", ls);
    if (!v || *v < 0) return Error{"NRRD 'line skip' must be a non-negative integer"};
    h.line_skip = *v;
  }
  if (const std::string bs = get({"byte skip", "byteskip"}); !bs.empty()) {
    auto v = parseInt("byte skip", bs);
    if (!v || *v < -1) return Error{"NRRD 'byte skip' must be -1 or a non-negative integer"};
    h.byte_skip = *v;
  }
  const std::string data_file = get({"data file", "datafile"});
  if (!data_file.empty()) {
    // "LIST" or a printf pattern with its numbers: one slab per file.
    h.several_data_files =
        data_file.rfind("LIST", 0) == 0 || data_file.find('%') != std::string::npos;
    const std::filesystem::path p(data_file);
    h.data_file = p.is_absolute() ? data_file : (std::filesystem::path(header_dir) / p).string();
  }
  return h;
}

bool looksLikeNrrd(const std::string& path) {
  return endsWith(path, ".nrrd") || endsWith(path, ".nhdr");
}

namespace {
// The header text, up to and including the blank line that ends it (or the whole .nhdr),
// read in one bounded block: a binary file named .nrrd never becomes one huge "line".
Result<std::string> readHeaderText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{"cannot open " + path};
  std::string block(kMaxHeaderBytes, '\0');
  in.read(block.data(), static_cast<std::streamsize>(block.size()));
  block.resize(static_cast<size_t>(in.gcount()));
  if (block.rfind("NRRD000", 0) != 0) return Error{"not a NRRD file (no NRRD000x magic): " + path};
  for (const char* end : {"\n\n", "\n\r\n"}) {
    if (const auto at = block.find(end); at != std::string::npos)
      return block.substr(0, at + std::strlen(end));
  }
  if (block.size() == kMaxHeaderBytes) return Error{"NRRD header is longer than 1 MiB: " + path};
  return block;  // a detached header may end without a blank line
}

// Bytes of `lines` text lines from the start of a raw file.
Result<std::int64_t> skipLines(const std::string& path, std::int64_t from, std::int64_t lines) {
  std::ifstream in(path, std::ios::binary);
  in.seekg(from);
  std::int64_t pos = from;
  for (std::int64_t i = 0; i < lines; ++i) {
    std::string line;
    if (!std::getline(in, line)) return Error{"NRRD 'line skip' runs past the end of the data"};
    pos += static_cast<std::int64_t>(line.size()) + 1;
  }
  return pos;
}

Result<Compression> compressionOf(const std::string& encoding) {
  if (encoding == "raw") return Compression::kNone;
  if (encoding == "gzip") return Compression::kGzip;
  if (encoding == "bzip2") return Compression::kBzip2;
  return Error{"NRRD encoding '" + encoding + "' is not supported"};
}

// A data file that starts like a NIfTI-1 header is another format, not voxels.
bool startsWithNiftiHeader(const PayloadSource& source) {
  VoxelLayout probe;  // the first 348 bytes as uint8 values
  probe.dims = {kNifti1HeaderBytes, 1, 1};
  auto bytes = readFirstVolume(source, probe);
  if (!bytes) return false;
  const float* b = (*bytes)->GetBufferPointer();
  const bool size_le = b[0] == 92 && b[1] == 1 && b[2] == 0 && b[3] == 0;  // 348
  const bool size_be = b[0] == 0 && b[1] == 0 && b[2] == 1 && b[3] == 92;
  return size_le || size_be;
}

// The voxel-to-RAS matrix of the three spatial axes, when tmsnav can state it.
std::optional<Eigen::Matrix4d> voxelToRas(const NrrdHeader& h) {
  if (h.space != "RAS" && h.space != "LAS" && h.space != "LPS") return std::nullopt;
  const auto axes = h.spatialAxes();
  if (axes.size() != 3) return std::nullopt;
  Eigen::Vector3d to_ras(1, 1, 1);
  if (h.space != "RAS") to_ras.x() = -1;  // L to R
  if (h.space == "LPS") to_ras.y() = -1;  // P to A
  Eigen::Matrix4d m = Eigen::Matrix4d::Identity();
  for (int c = 0; c < 3; ++c)
    m.block<3, 1>(0, c) = to_ras.cwiseProduct(*h.space_directions[axes[c]]);
  if (h.space_origin) m.block<3, 1>(0, 3) = to_ras.cwiseProduct(*h.space_origin);
  return m;
}
}  // namespace

Result<NrrdFile> checkNrrdFile(const std::string& path) {
  auto text = readHeaderText(path);
  if (!text) return Error{text.error()};
  auto parsed = parseNrrdHeader(*text, std::filesystem::path(path).parent_path().string());
  if (!parsed) return Error{parsed.error() + ": " + path};
  NrrdFile f;
  NrrdHeader& h = f.header = *parsed;
  if (h.several_data_files) return Error{"NRRD with several data files is not supported: " + path};
  if (!h.type) return Error{"NRRD type 'block' is not an MRI volume: " + path};
  // Which axes are space: with 'space directions', those not "none"; without, the first 3.
  const auto spatial = h.spatialAxes();
  const int list_axis = h.listAxis();
  if (!h.space_directions.empty() && spatial.size() != 3 && h.dimension >= 3)
    return Error{"NRRD has " + std::to_string(spatial.size()) +
                 " spatial axes; a 3-D volume is required: " + path};
  if (list_axis >= 0 && h.dimension > 4)
    return Error{"NRRD has " + std::to_string(h.dimension) +
                 " axes; at most 3 spatial axes and one list of volumes are read: " + path};
  // A list axis before the spatial ones interleaves values per voxel (vectors, DWI, RGB).
  if (list_axis >= 0 && list_axis != h.dimension - 1 && h.sizes[list_axis] > 1)
    return Error{"NRRD holds " + std::to_string(h.sizes[list_axis]) + " values per voxel (axis " +
                 std::to_string(list_axis) +
                 (h.kinds.size() > static_cast<size_t>(list_axis)
                      ? " of kind '" + h.kinds[list_axis] + "'"
                      : "") +
                 "); a scalar MRI is required: " + path};
  std::int64_t volume = 1;
  for (int a = 0; a < std::min(h.dimension, 3); ++a)
    volume = checkedProduct(volume, h.sizes[spatial.size() == 3 ? spatial[a] : a]);
  if (volume < 0 || volume > kMaxVoxels)
    return Error{"NRRD header promises " + sizesText(h.sizes) +
                 " voxels, more than 1024^3 voxels: " + path};

  const auto m = voxelToRas(h);
  const bool ours_encoding = h.encoding == "raw" || h.encoding == "gzip" || h.encoding == "bzip2";
  f.read_by_tmsnav = m.has_value() && ours_encoding && h.dimension >= 3;
  if (!f.read_by_tmsnav) {
    if (h.encoding == "bzip2")  // ITK 5.2 in Debian is built without bzip2
      return Error{"bzip2 NRRD without 'space' and 'space directions' is not supported: " + path};
    if (h.dimension > 3 && h.sizes[3] > 1)
      return Error{
          "NRRD with " + std::to_string(h.dimension) +
          " axes and no 'space directions' naming the list axis is not supported: " + path};
    if (h.voxels() > kMaxVoxels)  // ITK reads every axis at once
      return Error{"NRRD header promises " + sizesText(h.sizes) +
                   " voxels, more than 1024^3 voxels: " + path};
  } else {
    f.voxel_to_ras = *m;
    if (std::abs(m->topLeftCorner<3, 3>().determinant()) < 1e-12)
      return Error{"NRRD space directions are degenerate: " + path};
  }

  // Where the voxels are, and whether all of them are there.
  const bool attached = h.data_file.empty();
  f.payload.path = attached ? path : h.data_file;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(f.payload.path, ec))
    return Error{"the NRRD data file " + f.payload.path + " is missing"};
  std::int64_t base = attached ? static_cast<std::int64_t>(text->size()) : 0;
  if (h.line_skip > 0) {
    auto pos = skipLines(f.payload.path, base, h.line_skip);
    if (!pos) return Error{pos.error() + ": " + path};
    base = *pos;
  }
  const std::int64_t need = h.type ? checkedProduct(h.voxels(), bytesPerVoxel(*h.type)) : -1;
  if (h.encoding == "ascii" || h.encoding == "hex") {
    // ITK decodes these; a value takes at least one character (hex: two per byte).
    const auto size = static_cast<std::int64_t>(std::filesystem::file_size(f.payload.path, ec));
    const std::int64_t min_chars = h.encoding == "hex" ? 2 * need : h.voxels();
    if (ec || size - base < min_chars)
      return Error{"file is truncated: " + std::to_string(h.voxels()) +
                   " values expected: " + path};
    return f;
  }
  auto compression = compressionOf(h.encoding);
  if (!compression) return Error{compression.error() + ": " + path};
  f.payload.compression = *compression;
  f.payload.file_offset = base;
  if (h.byte_skip == -1) {
    if (*compression != Compression::kNone)
      return Error{"NRRD 'byte skip: -1' is only allowed with raw encoding: " + path};
    const auto size = static_cast<std::int64_t>(std::filesystem::file_size(f.payload.path, ec));
    f.payload.file_offset = std::max<std::int64_t>(base, size - std::max<std::int64_t>(need, 0));
  } else if (*compression == Compression::kNone) {
    f.payload.file_offset += h.byte_skip;
  } else {
    f.payload.skip = h.byte_skip;
  }
  if (!attached && (endsWith(h.data_file, ".nii") || endsWith(h.data_file, ".nii.gz") ||
                    startsWithNiftiHeader(f.payload)))
    return Error{"the NRRD header's data file " +
                 std::filesystem::path(h.data_file).filename().string() +
                 " is a NIfTI file, not raw voxels (open that file itself): " + path};
  auto available = payloadBytesAvailable(f.payload);
  if (!available) return Error{available.error() + ": " + f.payload.path};
  if (need < 0 || *available < need)
    return Error{
        "file is truncated: " + (need < 0 ? std::string("more than 2^62") : std::to_string(need)) +
        " bytes of voxels expected, " + std::to_string(*available) + " present: " + f.payload.path};
  if (list_axis >= 0 && h.sizes[list_axis] > 1)
    f.warnings.push_back("4-D NRRD with " + std::to_string(h.sizes[list_axis]) +
                         " volumes along its list axis: using the first");
  return f;
}

Result<Volume> readNrrd(const NrrdFile& file, const std::string& path) {
  const NrrdHeader& h = file.header;
  const auto axes = h.spatialAxes();
  VoxelLayout layout;
  layout.dims = {static_cast<int>(h.sizes[axes[0]]), static_cast<int>(h.sizes[axes[1]]),
                 static_cast<int>(h.sizes[axes[2]])};
  layout.type = *h.type;
  layout.big_endian = h.big_endian && bytesPerVoxel(*h.type) > 1;
  auto image = readFirstVolume(file.payload, layout);
  if (!image) return Error{image.error() + ": " + path};
  placeImage(image->GetPointer(), file.voxel_to_ras);
  Volume v;
  v.image = *image;
  v.path = path;
  v.source = "nrrd";
  v.warnings = file.warnings;
  return v;
}

}  // namespace tmsnav
