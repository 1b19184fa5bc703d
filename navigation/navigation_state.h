#pragma once
// The navigation lifecycle as an explicit state machine (after IGSTK): every change of
// state goes through allowed(), and a request that the table does not allow is refused.
//
//   Idle -> Connecting -> Streaming <-> Stale
//   Connecting | Streaming | Stale -> Stopped | Failed
//   Stopped | Failed -> Connecting            (start again)
namespace tmsnav {

enum class NavState {
  Idle,        // never started
  Connecting,  // source started, no frame yet (connecting, loading a recording)
  Streaming,   // the newest frame is younger than the stale age
  Stale,       // frames came, but the newest is too old: guidance shows not tracking
  Stopped,     // stopped by the user, or the source ended (a recording without --loop)
  Failed,      // the source could not run (unreadable recording, ...)
};

const char* toString(NavState s);
bool allowed(NavState from, NavState to);
// Whether a source is running in this state (Connecting, Streaming, Stale).
bool isActive(NavState s);

}  // namespace tmsnav
