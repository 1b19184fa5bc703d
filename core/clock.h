#pragma once
// The two clocks: monotonic seconds stamp and judge every pose; wall seconds only check
// source timestamps and name files.
#include <chrono>

namespace tmsnav {

inline double monotonicSeconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}
inline double wallSeconds() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace tmsnav
