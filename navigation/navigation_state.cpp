#include "navigation/navigation_state.h"

namespace tmsnav {

const char* toString(NavState s) {
  switch (s) {
    case NavState::Idle:
      return "idle";
    case NavState::Connecting:
      return "connecting";
    case NavState::Streaming:
      return "streaming";
    case NavState::Stale:
      return "stale";
    case NavState::Stopped:
      return "stopped";
    case NavState::Failed:
      return "failed";
  }
  return "failed";
}

bool isActive(NavState s) {
  return s == NavState::Connecting || s == NavState::Streaming || s == NavState::Stale;
}

bool allowed(NavState from, NavState to) {
  using S = NavState;
  switch (to) {
    case S::Connecting:
      return from == S::Idle || from == S::Stopped || from == S::Failed;
    case S::Streaming:
      return from == S::Connecting || from == S::Stale;
    case S::Stale:
      return from == S::Streaming;
    case S::Stopped:
    case S::Failed:
      return isActive(from);
    case S::Idle:
      return false;  // Idle is only where a session begins
  }
  return false;
}

}  // namespace tmsnav
