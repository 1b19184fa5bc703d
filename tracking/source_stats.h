#pragma once
// What a tracker source has seen, readable from any thread while it runs.
#include <atomic>
#include <cstdint>
#include <map>
#include <set>
#include <string>

namespace tmsnav {

struct SourceCounts {
  std::uint64_t samples = 0;  // pose messages or replay frames received
  std::uint64_t valid = 0;
  std::uint64_t invalid = 0;  // well-formed but marked invalid by the source
  std::uint64_t rejected =
      0;  // refused: framing, size, CRC, header version, body length, NaN, non-rigid...
  std::uint64_t reconnects = 0;
  std::uint64_t flagged_timestamps = 0;  // zero, non-monotonic or future source timestamps
};

struct SourceStats {
  std::atomic<std::uint64_t> samples{0}, valid{0}, invalid{0}, rejected{0}, reconnects{0},
      flagged_timestamps{0};
  SourceCounts snapshot() const {
    return {samples.load(),  valid.load(),      invalid.load(),
            rejected.load(), reconnects.load(), flagged_timestamps.load()};
  }
};

// PLUS's name of a tool: "Stylus" for its transform "StylusToTracker" (a sequence's
// StylusToTrackerTransform, an OpenIGTLink device StylusToTracker). Other names as they are.
inline std::string plusToolName(const std::string& source_name) {
  constexpr const char* kSuffix = "ToTracker";
  constexpr size_t n = 9;
  if (source_name.size() > n && source_name.compare(source_name.size() - n, n, kSuffix) == 0)
    return source_name.substr(0, source_name.size() - n);
  return source_name;
}

// Source names (PLUS/OpenIGTLink device or tool names) to tmsnav tools. The user's
// mappings (--tool SOURCE=TOOL) come before the defaults, and match a source by its own
// name or by PLUS's (--tool Stylus=CoilMarker follows StylusToTracker as the coil).
struct ToolMap {
  std::map<std::string, std::string> names = {
      {"Coil", "CoilMarker"}, {"CoilMarker", "CoilMarker"}, {"Reference", "HeadRef"},
      {"HeadRef", "HeadRef"}, {"Stylus", "Pointer"},        {"Pointer", "Pointer"}};
  std::map<std::string, std::string> user;  // SOURCE=TOOL as the user gave them
  std::string toolFor(const std::string& source_name) const {
    const std::string plus = plusToolName(source_name);
    for (const auto* map : {&user, &names}) {
      if (const auto it = map->find(source_name); it != map->end()) return it->second;
      for (const auto& [from, tool] : *map)
        if (plusToolName(from) == plus) return tool;
    }
    return source_name;
  }
  // Whether a source sending these names sends the one a user's mapping names.
  static bool sends(const std::set<std::string>& source_names, const std::string& name) {
    for (const auto& s : source_names)
      if (s == name || plusToolName(s) == plusToolName(name)) return true;
    return false;
  }
};

}  // namespace tmsnav
