#include "tracking/session_log_reader.h"

#include <cstdlib>
#include <cstring>
#include <fstream>

#include "core/coords.h"

namespace tmsnav {

namespace {
constexpr size_t kMaxLineBytes = 1 << 20;

// The number after "key": in a line we wrote ourselves; NaN when absent or null.
bool numberAfter(const std::string& line, const char* key, double& out) {
  const size_t at = line.find(key);
  if (at == std::string::npos) return false;
  const char* p = line.c_str() + at + std::strlen(key);
  char* end = nullptr;
  out = std::strtod(p, &end);
  return end != p;
}

// 16 numbers of the 4x4 after "coil_to_mri_ras":, or false for null / malformed.
bool matrixAfter(const std::string& line, Eigen::Matrix4d& m) {
  const size_t at = line.find("\"coil_to_mri_ras\":");
  if (at == std::string::npos) return false;
  const char* p = line.c_str() + at + 18;
  if (std::strncmp(p, "null", 4) == 0) return false;
  for (int i = 0; i < 16; ++i) {
    while (*p == '[' || *p == ',' || *p == ' ') ++p;
    char* end = nullptr;
    const double v = std::strtod(p, &end);
    if (end == p) return false;
    m(i / 4, i % 4) = v;
    p = end;
    while (*p == ']') ++p;
  }
  return true;
}
}  // namespace

Result<std::vector<SequenceFrame>> readSessionLog(const std::string& path,
                                                  std::vector<std::string>* warnings) {
  std::ifstream in(path);
  if (!in) return Error{"cannot read " + path};
  std::vector<SequenceFrame> frames;
  int number = 0;
  for (std::string line; std::getline(in, line);) {
    ++number;
    if (line.size() > kMaxLineBytes)
      return Error{path + ":" + std::to_string(number) + ": line too long"};
    if (line.empty()) continue;
    // A journal killed mid-write ends in a torn line: dropped, never misread.
    if (line.back() != '}' && in.peek() == std::char_traits<char>::eof()) {
      if (warnings)
        warnings->push_back(path + ":" + std::to_string(number) + ": torn last line dropped");
      break;
    }
    // Header, pulse and note records are not frames (samples have no "type").
    if (line.find("\"type\":\"") != std::string::npos) continue;
    SequenceFrame f;
    if (line.front() != '{' || !numberAfter(line, "\"t_s\":", f.timestamp_s))
      return Error{path + ":" + std::to_string(number) + ": not a tmsnav session record"};
    SequenceTool coil{"CoilMarker", Eigen::Matrix4d::Identity(), true, true};
    Eigen::Matrix4d ras;
    if (matrixAfter(line, ras))
      coil.to_tracker = lpsMatrixFromRas(ras);  // with an identity head reference, tracker = MRI
    else
      coil.status_ok = false;
    f.tools = {coil, SequenceTool{"HeadRef", Eigen::Matrix4d::Identity(), true, true}};
    frames.push_back(std::move(f));
  }
  if (frames.empty()) return Error{"no records in " + path};
  return frames;
}

}  // namespace tmsnav
