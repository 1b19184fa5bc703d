#pragma once
// Fuzz inputs for readers that take a path: the bytes go to one file per process in
// /dev/shm (memory, not disk), rewritten for every input, with the extension the reader
// dispatches on. scripts/fuzz removes /dev/shm/tmsnav-fuzz-PID.* when the target ends.
#include <sys/stat.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <string>

namespace tmsnav::fuzz {

inline void writeFile(const std::string& path, const std::uint8_t* data, size_t size) {
  if (FILE* f = std::fopen(path.c_str(), "wb")) {
    if (size) std::fwrite(data, 1, size, f);
    std::fclose(f);
  }
}

inline std::string writeInput(const std::uint8_t* data, size_t size, const std::string& ext) {
  const std::string path =
      "/dev/shm/tmsnav-fuzz-" + std::to_string(::getpid()) + ext;  // same name every input
  writeFile(path, data, size);
  return path;
}

// A folder of this process's own (readers that scan a folder), created once.
inline std::string inputFolder() {
  const std::string dir = "/dev/shm/tmsnav-fuzz-" + std::to_string(::getpid()) + ".d";
  ::mkdir(dir.c_str(), 0700);
  return dir;
}

}  // namespace tmsnav::fuzz
