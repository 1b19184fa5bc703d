#pragma once
// What a tracker source has seen, readable from any thread while it runs.
#include <atomic>
#include <cstdint>
#include <map>
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

// Source names (PLUS/OpenIGTLink device or tool names) to tmsnav tools.
struct ToolMap {
  std::map<std::string, std::string> names = {{"Coil", "CoilMarker"},
                                              {"CoilToTracker", "CoilMarker"},
                                              {"CoilMarker", "CoilMarker"},
                                              {"Reference", "HeadRef"},
                                              {"ReferenceToTracker", "HeadRef"},
                                              {"HeadRef", "HeadRef"},
                                              {"Stylus", "Pointer"},
                                              {"StylusToTracker", "Pointer"},
                                              {"Pointer", "Pointer"},
                                              {"PointerToTracker", "Pointer"}};
  std::string toolFor(const std::string& source_name) const {
    const auto it = names.find(source_name);
    return it == names.end() ? source_name : it->second;
  }
};

}  // namespace tmsnav
