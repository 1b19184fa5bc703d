#include "imaging/dicom_lengths.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <vector>

namespace tmsnav {

namespace {
constexpr std::uint32_t kUndefined = 0xffffffff;
constexpr std::uint16_t kItemGroup = 0xfffe;
constexpr std::uint16_t kItem = 0xe000, kItemEnd = 0xe00d, kSequenceEnd = 0xe0dd;
constexpr std::int64_t kPreamble = 128;
const char* const kImplicitLittle = "1.2.840.10008.1.2";
const char* const kExplicitBig = "1.2.840.10008.1.2.2";
const char* const kDeflated = "1.2.840.10008.1.2.1.99";

enum class Syntax { ExplicitLittle, ImplicitLittle, ExplicitBig };

// VRs whose explicit encoding has two reserved bytes and a 4-byte length (PS3.5 7.1.2).
bool longVr(const char vr[2]) {
  static const char* const kLong[] = {"OB", "OD", "OF", "OL", "OV", "OW", "SQ",
                                      "SV", "UC", "UN", "UR", "UT", "UV"};
  for (const char* l : kLong)
    if (vr[0] == l[0] && vr[1] == l[1]) return true;
  return false;
}

// The value representations of PS3.5 6.2: GDCM reads an element with any other as if its
// length were implicit, and falls out of step with the file.
bool knownVr(const char vr[2]) {
  static const char* const kVrs[] = {"AE", "AS", "AT", "CS", "DA", "DS", "DT", "FL", "FD",
                                     "IS", "LO", "LT", "OB", "OD", "OF", "OL", "OV", "OW",
                                     "PN", "SH", "SL", "SQ", "SS", "ST", "SV", "TM", "UC",
                                     "UI", "UL", "UN", "UR", "US", "UT", "UV"};
  for (const char* v : kVrs)
    if (vr[0] == v[0] && vr[1] == v[1]) return true;
  return false;
}

// Where the walk is: the elements of a data set or an item, the items of a sequence, or the
// fragments of encapsulated pixels; `end` is where a defined length ends (-1: at a delimiter).
struct Context {
  enum Kind { Elements, Items, Fragments } kind;
  std::int64_t end;
  Syntax syntax;
};

class Walker {
 public:
  Walker(std::ifstream& in, std::int64_t size, std::string path)
      : in_(in), size_(size), path_(std::move(path)) {}

  // Walks from `pos` to the end of the file (or, with `meta_only`, past group 0002),
  // starting with `syntax`; the transfer syntax UID it met in group 0002 goes to `ts`.
  // Besides lengths, the nesting is checked as GDCM expects it: a delimiter or an item
  // where an element belongs stops GDCM on an assertion (Debian builds it with them on).
  Result<std::int64_t> walk(std::int64_t pos, Syntax syntax, bool meta_only, std::string* ts) {
    std::vector<Context> open = {{Context::Elements, -1, syntax}};
    while (true) {
      while (open.size() > 1 && open.back().end >= 0 && pos >= open.back().end) {
        if (pos > open.back().end) return broken("an element runs past the end of its item", pos);
        open.pop_back();
      }
      std::uint8_t h[12] = {};
      if (!read(pos, h, 8)) break;
      const Context c = open.back();
      const bool big = c.syntax == Syntax::ExplicitBig;
      const std::uint16_t group = u16(h, big), element = u16(h + 2, big);
      if (meta_only && open.size() == 1 && group != 0x0002) return pos;
      if (group == kItemGroup) {  // items and delimiters: a 4-byte length, no VR
        const std::uint32_t vl = u32(h + 4, big);
        pos += 8;
        if (c.kind == Context::Elements && element == kItemEnd && c.end < 0 && open.size() > 1) {
          open.pop_back();  // the end of an undefined-length item
        } else if (c.kind != Context::Elements && element == kSequenceEnd && c.end < 0) {
          open.pop_back();  // the end of an undefined-length sequence or of the fragments
        } else if (c.kind != Context::Elements && element == kItem) {
          if (vl == kUndefined && c.kind == Context::Items) {
            open.push_back({Context::Elements, -1, c.syntax});
          } else {
            if (auto ok = fits(group, element, vl, pos, c); !ok) return Error{ok.error()};
            if (c.kind == Context::Fragments)
              pos += vl;  // a fragment of compressed pixels
            else
              open.push_back({Context::Elements, pos + vl, c.syntax});
          }
        } else {
          return broken(tagName(group, element) + " where " +
                            (c.kind == Context::Elements ? "an element" : "an item") + " belongs",
                        pos - 8);
        }
        continue;
      }
      if (c.kind != Context::Elements)
        return broken(tagName(group, element) + " where an item belongs", pos);
      std::uint32_t vl = 0;
      std::int64_t header = 8;
      char vr[2] = {'\0', '\0'};
      if (c.syntax == Syntax::ImplicitLittle) {
        vl = u32(h + 4, false);
      } else {
        std::memcpy(vr, h + 4, 2);
        if (!knownVr(vr)) return broken(tagName(group, element) + " has no valid VR", pos);
        if (longVr(vr)) {
          if (!read(pos, h, 12)) break;
          vl = u32(h + 8, big);
          header = 12;
        } else {
          vl = u16(h + 6, big);
        }
      }
      pos += header;
      const bool un = vr[0] == 'U' && vr[1] == 'N';  // its content is implicit VR (PS3.5 6.2.2)
      if (vl == kUndefined) {  // a sequence (or encapsulated pixels) until its delimiter
        const bool pixels = group == 0x7fe0 && element == 0x0010;
        if (!pixels && c.syntax != Syntax::ImplicitLittle && !un && !(vr[0] == 'S' && vr[1] == 'Q'))
          return broken(tagName(group, element) + " has an undefined length", pos - header);
        open.push_back({pixels ? Context::Fragments : Context::Items, -1,
                        un ? Syntax::ImplicitLittle : c.syntax});
        continue;
      }
      if (auto ok = fits(group, element, vl, pos, c); !ok) return Error{ok.error()};
      if (ts && group == 0x0002 && element == 0x0010) *ts = text(pos, vl);
      // GDCM reads the file meta information up to the end its group length (0002,0000)
      // gives, and asserts when the file ends before it (fuzz finding 13).
      if (meta_only && group == 0x0002 && element == 0x0000 && vl == 4) {
        std::uint8_t v[4];
        if (read(pos, v, 4) && pos + 4 + static_cast<std::int64_t>(u32(v, big)) > size_)
          return broken(
              "the file meta information's group length (0002,0000) runs past the end "
              "of the file",
              pos - header);
      }
      if (open.size() == 1 && group == 0x0028 && element == 0x0002 && vl >= 2)
        if (auto ok = samplesPerPixel(pos, big); !ok) return Error{ok.error()};
      if (startsSequence(c.syntax, vr, pos, vl)) {  // its items follow
        open.push_back({Context::Items, pos + vl, c.syntax});
        continue;
      }
      pos += vl;
    }
    // GDCM asserts when an item's elements stop at the end of the file instead of at the
    // item's end (DataSet::ReadNested): a file that ends inside a sequence is refused.
    if (open.size() > 1) return broken("the file ends inside a sequence or an item", pos);
    // Nor does GDCM expect a few bytes after the last element ("Should not happen").
    if (pos < size_) return broken("the file ends in the middle of an element", pos);
    return pos;
  }

 private:
  bool read(std::int64_t pos, std::uint8_t* out, std::int64_t n) {
    if (pos + n > size_) return false;
    in_.clear();
    in_.seekg(pos);
    return static_cast<bool>(in_.read(reinterpret_cast<char*>(out), n));
  }
  static std::uint16_t u16(const std::uint8_t* p, bool big) {
    return big ? static_cast<std::uint16_t>(p[0] << 8 | p[1])
               : static_cast<std::uint16_t>(p[1] << 8 | p[0]);
  }
  static std::uint32_t u32(const std::uint8_t* p, bool big) {
    return big ? std::uint32_t{p[0]} << 24 | std::uint32_t{p[1]} << 16 | std::uint32_t{p[2]} << 8 |
                     p[3]
               : std::uint32_t{p[3]} << 24 | std::uint32_t{p[2]} << 16 | std::uint32_t{p[1]} << 8 |
                     p[0];
  }
  // A defined-length SQ (explicit), or an implicit value that opens with an item: GDCM
  // reads its elements, so they are walked too.
  bool startsSequence(Syntax s, const char vr[2], std::int64_t pos, std::uint32_t vl) {
    if (vl < 8) return false;
    if (s != Syntax::ImplicitLittle) return vr[0] == 'S' && vr[1] == 'Q';
    std::uint8_t h[4];
    return read(pos, h, 4) && u16(h, false) == kItemGroup && u16(h + 2, false) == kItem;
  }
  std::string text(std::int64_t pos, std::uint32_t vl) {
    std::string t(std::min<std::uint32_t>(vl, 64), '\0');
    if (!read(pos, reinterpret_cast<std::uint8_t*>(t.data()), static_cast<std::int64_t>(t.size())))
      return {};
    while (!t.empty() && (t.back() == '\0' || t.back() == ' ')) t.pop_back();
    return t;
  }
  // GDCM stops the process on an assertion unless Samples per Pixel is 1, 3 or 4.
  Result<Done> samplesPerPixel(std::int64_t pos, bool big) {
    std::uint8_t v[2];
    if (!read(pos, v, 2)) return Done{};
    const int spp = u16(v, big);
    if (spp == 1 || spp == 3 || spp == 4) return Done{};
    return broken("Samples per Pixel (0028,0002) is " + std::to_string(spp) + ", not 1, 3 or 4",
                  pos);
  }
  static std::string tagName(std::uint16_t group, std::uint16_t element) {
    char tag[16];
    std::snprintf(tag, sizeof tag, "(%04x,%04x)", group, element);
    return tag;
  }
  // A value of `vl` bytes at `pos` fits in the file and in its item or sequence.
  Result<Done> fits(std::uint16_t group, std::uint16_t element, std::uint32_t vl, std::int64_t pos,
                    const Context& c) {
    if (vl > static_cast<std::uint64_t>(size_ - pos))
      return Error{path_ + ": DICOM element " + tagName(group, element) + " claims " +
                   std::to_string(vl) + " bytes but the file has " + std::to_string(size_ - pos) +
                   " left (truncated, corrupt or hostile file)"};
    if (c.end >= 0 && pos + vl > c.end)
      return Error{path_ + ": DICOM element " + tagName(group, element) + " claims " +
                   std::to_string(vl) + " bytes, more than its sequence or item holds " +
                   "(corrupt or hostile file)"};
    return Done{};
  }
  Error broken(const std::string& what, std::int64_t pos) {
    return Error{path_ + ": DICOM structure broken at byte " + std::to_string(pos) + ": " + what +
                 " (corrupt or hostile file)"};
  }

  std::ifstream& in_;
  std::int64_t size_;
  std::string path_;
};
}  // namespace

Result<DicomWalk> walkDicomFile(const std::string& path) {
  // A volume named as another format is never read as DICOM (a NIfTI header's first bytes,
  // read as a tag, make a plausible one): not walked.
  std::string name = std::filesystem::path(path).filename().string();
  std::transform(name.begin(), name.end(), name.begin(), ::tolower);
  for (const char* ext : {".nii", ".nii.gz", ".hdr", ".img", ".nrrd", ".nhdr", ".mha", ".mhd",
                          ".raw", ".gz", ".json", ".txt", ".csv", ".png", ".jpg"})
    if (name.size() > std::strlen(ext) && name.ends_with(ext)) return DicomWalk::NotDicom;
  std::error_code ec;
  const auto size = static_cast<std::int64_t>(std::filesystem::file_size(path, ec));
  if (ec) return Error{"cannot read " + path + ": " + ec.message()};
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{"cannot open " + path};
  Walker walker(in, size, path);
  char magic[4] = {};
  const bool part10 =
      in.seekg(kPreamble) && in.read(magic, 4) && std::memcmp(magic, "DICM", 4) == 0;
  std::int64_t start = 0;
  Syntax syntax = Syntax::ExplicitLittle;
  if (part10) {
    std::string ts;
    auto end = walker.walk(kPreamble + 4, Syntax::ExplicitLittle, true, &ts);
    if (!end) return Error{end.error()};
    if (ts == kDeflated) return DicomWalk::Dicom;  // the data set is a zlib stream (not walked)
    start = *end;
    syntax = ts == kImplicitLittle ? Syntax::ImplicitLittle
             : ts == kExplicitBig  ? Syntax::ExplicitBig
                                   : Syntax::ExplicitLittle;
  } else {
    // A data set without the Part 10 header: GDCM reads it too. It is walked when its first
    // element looks like one (a known VR, an implicit length the file can hold, or group
    // 0002 or 0008); a file that does not (a README beside the slices) is not DICOM.
    std::uint8_t h[8] = {};
    in.clear();
    if (!in.seekg(0) || !in.read(reinterpret_cast<char*>(h), std::min<std::int64_t>(size, 8)))
      return DicomWalk::NotDicom;
    // Under 8 bytes: less than an element, and GDCM asserts is.good() or "Should not happen"
    // on files of groups 0008, 0839, 102d, on "SS" as a VR, ... (the fuzzer kept finding
    // more): not DICOM, whatever they start with, and never shown to GDCM.
    if (size < 8) return DicomWalk::NotDicom;
    const char vr[2] = {static_cast<char>(h[4]), static_cast<char>(h[5])};
    const std::uint32_t implicit_vl =
        std::uint32_t{h[7]} << 24 | std::uint32_t{h[6]} << 16 | std::uint32_t{h[5]} << 8 | h[4];
    const int group = h[0] | h[1] << 8;         // GDCM reads one of 0002 or 0008 as DICOM anyway
    if (group % 2) return DicomWalk::NotDicom;  // a data set starts with an even group; gzip not
    // File meta information is explicit VR (PS3.10 7.1); GDCM asserts on implicit elements.
    if (group == 0x0002 && !knownVr(vr))
      return Error{path + ": DICOM file meta information without VRs (corrupt or hostile file)"};
    if (knownVr(vr))
      syntax = Syntax::ExplicitLittle;
    else if (implicit_vl <= static_cast<std::uint64_t>(size - 8) || group == 0x0002 ||
             group == 0x0008)
      syntax = Syntax::ImplicitLittle;
    else
      return DicomWalk::NotDicom;
  }
  auto end = walker.walk(start, syntax, false, nullptr);
  if (!end) return Error{end.error()};
  return DicomWalk::Dicom;
}

Result<Done> checkDicomLengths(const std::string& path) {
  auto walked = walkDicomFile(path);
  if (!walked) return Error{walked.error()};
  return Done{};
}

}  // namespace tmsnav
