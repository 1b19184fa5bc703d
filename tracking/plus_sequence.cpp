#include "tracking/plus_sequence.h"

#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include "tracking/source_stats.h"

namespace tmsnav {

namespace {
constexpr size_t kMaxHeaderBytes = 256u * 1024 * 1024;
constexpr int kMaxFrames = 10'000'000;

bool endsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string trim(const std::string& s) {
  const size_t a = s.find_first_not_of(" \t\r"), b = s.find_last_not_of(" \t\r");
  return a == std::string::npos ? std::string() : s.substr(a, b - a + 1);
}

// The tool of a transform ("StylusToTracker"), named as PLUS names it ("Stylus").
SequenceTool& toolOf(SequenceFrame& f, const std::string& transform) {
  const std::string name = plusToolName(transform);
  for (auto& t : f.tools)
    if (t.name == name) return t;
  f.tools.push_back({name, Eigen::Matrix4d::Identity(), true, false, transform});
  return f.tools.back();
}

void parseMatrix(SequenceTool& t, const std::string& value) {
  std::istringstream ss(value);
  std::vector<double> v;
  for (std::string tok; ss >> tok && v.size() <= 16;) {
    char* end = nullptr;
    const double d = std::strtod(tok.c_str(), &end);
    if (*end != '\0') return;  // well_formed stays false
    v.push_back(d);
  }
  if (v.size() != 16) return;
  for (int i = 0; i < 16; ++i) t.to_tracker(i / 4, i % 4) = v[i];
  t.well_formed = t.to_tracker.allFinite();
}
}  // namespace

bool SequenceFrame::valid() const {
  for (const auto& t : tools)
    if (!t.status_ok || !t.well_formed) return false;
  return true;
}

namespace {
// One per-frame field ("Seq_Frame0012_StylusToTrackerTransform") into its frame.
Result<Done> addField(std::map<int, SequenceFrame>& frames, const std::string& key,
                      const std::string& value, const std::string& path) {
  if (key.rfind("Seq_Frame", 0) != 0 || key.size() < 15 || key[13] != '_') return Done{};
  int index = 0;
  try {
    index = std::stoi(key.substr(9, 4));
  } catch (...) {
    return Done{};
  }
  if (index < 0 || index >= kMaxFrames) return Error{"frame index out of range in " + path};
  SequenceFrame& f = frames[index];
  const std::string field = key.substr(14);
  if (field == "Timestamp") {
    f.timestamp_s = std::strtod(value.c_str(), nullptr);
  } else if (endsWith(field, "TransformStatus")) {
    toolOf(f, field.substr(0, field.size() - 15)).status_ok = value == "OK";
  } else if (endsWith(field, "Transform")) {
    parseMatrix(toolOf(f, field.substr(0, field.size() - 9)), value);
  }
  return Done{};
}

Result<std::vector<SequenceFrame>> framesOf(std::map<int, SequenceFrame>& frames,
                                            const std::string& path) {
  if (frames.empty()) return Error{"no tracking frames in " + path};
  std::vector<SequenceFrame> out;
  out.reserve(frames.size());
  for (auto& [i, f] : frames) out.push_back(std::move(f));
  return out;
}

// NRRD (.igs.nrrd): "NRRD000N", then "field: value" and "key:=value" lines up to the first
// blank line; the image payload after it is never read.
Result<std::vector<SequenceFrame>> readNrrdSequence(std::istream& in, const std::string& path) {
  std::map<int, SequenceFrame> frames;
  size_t consumed = 0;
  bool ended = false;
  std::string line;
  std::getline(in, line);  // the magic, checked by the caller
  for (; std::getline(in, line);) {
    consumed += line.size() + 1;
    if (consumed > kMaxHeaderBytes) return Error{"sequence header is larger than 256 MB: " + path};
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) {
      ended = true;
      break;  // the payload (image data) follows: not tracking
    }
    if (line[0] == '#') continue;
    const size_t kv = line.find(":=");
    if (kv == std::string::npos) continue;  // a field of the image (sizes, encoding, ...)
    if (auto r = addField(frames, trim(line.substr(0, kv)), trim(line.substr(kv + 2)), path); !r)
      return Error{r.error()};
  }
  if (!ended && !in.eof()) return Error{"cannot read " + path};
  return framesOf(frames, path);
}
}  // namespace

Result<std::vector<SequenceFrame>> readPlusSequence(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{"cannot read " + path};
  char magic[8] = {};
  in.read(magic, sizeof magic);
  in.clear();
  in.seekg(0);
  if (std::string(magic, 7) == "NRRD000") return readNrrdSequence(in, path);
  std::map<int, SequenceFrame> frames;
  size_t consumed = 0;
  bool ended = false, seen_object_type = false;
  for (std::string line; std::getline(in, line);) {
    consumed += line.size() + 1;
    if (consumed > kMaxHeaderBytes) return Error{"sequence header is larger than 256 MB: " + path};
    const size_t eq = line.find('=');
    if (eq == std::string::npos) continue;
    const std::string key = trim(line.substr(0, eq)), value = trim(line.substr(eq + 1));
    if (key == "ObjectType") seen_object_type = true;
    if (key == "ElementDataFile") {
      ended = true;
      break;  // binary image data follows: not tracking
    }
    if (auto r = addField(frames, key, value, path); !r) return Error{r.error()};
  }
  if (!seen_object_type || !ended)
    return Error{"not a PLUS sequence (.igs.mha or .igs.nrrd): " + path};
  return framesOf(frames, path);
}

}  // namespace tmsnav
