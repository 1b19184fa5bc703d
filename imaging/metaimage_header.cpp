#include "imaging/metaimage_header.h"

#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "imaging/volume.h"
#include "imaging/voxel_stream.h"

namespace tmsnav {

namespace {
constexpr size_t kMaxHeaderBytes = 1 << 20;
constexpr int kMaxDims = 16;

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\r") - b + 1);
}

// MetaIO's element sizes (metaTypes.h); ITK refuses the types not listed.
int elementBytes(const std::string& type) {
  static const std::map<std::string, int> kBytes = {
      {"MET_CHAR", 1},  {"MET_UCHAR", 1},     {"MET_SHORT", 2},      {"MET_USHORT", 2},
      {"MET_INT", 4},   {"MET_UINT", 4},      {"MET_LONG", 4},       {"MET_ULONG", 4},
      {"MET_FLOAT", 4}, {"MET_LONG_LONG", 8}, {"MET_ULONG_LONG", 8}, {"MET_DOUBLE", 8}};
  const auto it = kBytes.find(type);
  return it == kBytes.end() ? 0 : it->second;
}

bool isTrue(const std::string& v) {
  return v == "True" || v == "true" || v == "TRUE" || v == "1";
}
}  // namespace

bool looksLikeMetaImage(const std::string& path) {
  const auto ext = std::filesystem::path(path).extension().string();
  return ext == ".mha" || ext == ".mhd";
}

Result<Done> checkMetaImageFile(const std::string& path) {
  // One bounded block: a binary file named .mha never becomes one huge "line".
  std::ifstream file(path, std::ios::binary);
  if (!file) return Error{"cannot open " + path};
  std::string block(kMaxHeaderBytes, '\0');
  file.read(block.data(), static_cast<std::streamsize>(block.size()));
  block.resize(static_cast<size_t>(file.gcount()));
  std::istringstream in(block);
  std::map<std::string, std::string> fields;
  std::string line;
  std::int64_t header_bytes = 0;
  bool ended = false;
  while (std::getline(in, line)) {
    // A last line without its newline (an .mhd's ElementDataFile) counts no newline byte.
    header_bytes += static_cast<std::int64_t>(line.size()) + (in.eof() ? 0 : 1);
    const auto eq = line.find('=');
    if (eq == std::string::npos) continue;
    const std::string key = trim(line.substr(0, eq));
    fields[key] = trim(line.substr(eq + 1));
    if (key == "ElementDataFile") {  // always the last field: the data follows (LOCAL)
      ended = true;
      break;
    }
  }
  if (!ended) return Error{"MetaImage header has no ElementDataFile: " + path};
  std::istringstream dims(fields["DimSize"]);
  std::vector<std::int64_t> sizes;
  std::string word;
  while (dims >> word && sizes.size() <= kMaxDims) {
    char* end = nullptr;
    const long long v = std::strtoll(word.c_str(), &end, 10);
    if (*end != '\0' || v < 1)
      return Error{"MetaImage DimSize is not a list of positive sizes: " + path};
    sizes.push_back(v);
  }
  if (sizes.empty() || sizes.size() > kMaxDims)
    return Error{"MetaImage DimSize is missing or has too many axes: " + path};
  std::int64_t volume = 1, all = 1;
  for (size_t a = 0; a < sizes.size(); ++a) {
    all = checkedProduct(all, sizes[a]);
    if (a < 3) volume = checkedProduct(volume, sizes[a]);
  }
  if (volume < 0 || volume > kMaxVoxels || all < 0)
    return Error{"MetaImage header promises DimSize " + fields["DimSize"] +
                 ", more than 1024^3 voxels: " + path};
  const int bytes = elementBytes(fields["ElementType"]);
  if (bytes == 0)
    return Error{"MetaImage ElementType '" + fields["ElementType"] + "' is not supported: " + path};
  std::int64_t channels = 1;
  if (const auto c = fields.find("ElementNumberOfChannels"); c != fields.end())
    channels = std::max<std::int64_t>(1, std::strtoll(c->second.c_str(), nullptr, 10));
  const std::int64_t need = checkedProduct(checkedProduct(all, channels), bytes);
  const std::string& data = fields["ElementDataFile"];
  if (data.rfind("LIST", 0) == 0 || data.find('%') != std::string::npos)
    return Error{"MetaImage with several data files is not supported: " + path};
  PayloadSource source;
  if (data == "LOCAL") {
    source.path = path;
    source.file_offset = header_bytes;
  } else {
    const std::filesystem::path p(data);
    source.path = p.is_absolute() ? data : (std::filesystem::path(path).parent_path() / p).string();
    std::error_code ec;
    if (!std::filesystem::is_regular_file(source.path, ec))
      return Error{"the MetaImage data file " + source.path + " is missing"};
  }
  const bool compressed = isTrue(fields["CompressedData"]);
  source.compression = compressed ? Compression::kGzip : Compression::kNone;  // zlib, detected
  if (const auto hs = fields.find("HeaderSize"); hs != fields.end()) {
    const long long skip = std::strtoll(hs->second.c_str(), nullptr, 10);
    if (skip == -1 && !compressed) {  // the data are the last bytes of the file
      std::error_code ec;
      const auto size = static_cast<std::int64_t>(std::filesystem::file_size(source.path, ec));
      source.file_offset =
          std::max<std::int64_t>(source.file_offset, size - std::max<std::int64_t>(need, 0));
    } else if (skip > 0) {
      source.file_offset += skip;
    }
  }
  auto available = payloadBytesAvailable(source);
  if (!available) return Error{available.error() + ": " + source.path};
  if (need < 0 || *available < need)
    return Error{
        "file is truncated: " + (need < 0 ? std::string("more than 2^62") : std::to_string(need)) +
        " bytes of voxels expected, " + std::to_string(*available) + " present: " + source.path};
  return Done{};
}

}  // namespace tmsnav
