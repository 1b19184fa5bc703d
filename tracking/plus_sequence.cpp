#include "tracking/plus_sequence.h"

#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

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

SequenceTool& toolOf(SequenceFrame& f, const std::string& name) {
  for (auto& t : f.tools)
    if (t.name == name) return t;
  f.tools.push_back({name, Eigen::Matrix4d::Identity(), true, false});
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

Result<std::vector<SequenceFrame>> readPlusSequence(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{"cannot read " + path};
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
    if (key.rfind("Seq_Frame", 0) != 0 || key.size() < 15 || key[13] != '_') continue;
    int index = 0;
    try {
      index = std::stoi(key.substr(9, 4));
    } catch (...) {
      continue;
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
  }
  if (!seen_object_type || !ended) return Error{"not a PLUS sequence metafile: " + path};
  if (frames.empty()) return Error{"no tracking frames in " + path};
  std::vector<SequenceFrame> out;
  out.reserve(frames.size());
  for (auto& [i, f] : frames) out.push_back(std::move(f));
  return out;
}

}  // namespace tmsnav
