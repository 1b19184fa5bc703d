#pragma once
// Fuzz inputs for readers that take a path: the bytes go to one file per process in
// /dev/shm (memory, not disk), rewritten for every input, with the extension the reader
// dispatches on.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <string>

namespace tmsnav::fuzz {

inline std::string writeInput(const std::uint8_t* data, size_t size, const std::string& ext) {
  const std::string path =
      "/dev/shm/tmsnav-fuzz-" + std::to_string(::getpid()) + ext;  // same name every input
  if (FILE* f = std::fopen(path.c_str(), "wb")) {
    if (size) std::fwrite(data, 1, size, f);
    std::fclose(f);
  }
  return path;
}

}  // namespace tmsnav::fuzz
