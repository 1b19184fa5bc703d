#pragma once
// Hands the newest value from a worker thread to the UI thread. Old values are dropped:
// the UI must never fall behind a tracker, and never block on it.
#include <cstdint>
#include <mutex>
#include <optional>
#include <utility>

namespace tmsnav {

template <class T>
class LatestMailbox {
 public:
  void publish(T value) {
    std::lock_guard lock(mutex_);
    value_ = std::move(value);
    ++sequence_;
  }
  // The latest value (if any) and how many values were ever published.
  std::pair<std::optional<T>, std::uint64_t> latest() const {
    std::lock_guard lock(mutex_);
    return {value_, sequence_};
  }
  void clear() {
    std::lock_guard lock(mutex_);
    value_.reset();
  }

 private:
  mutable std::mutex mutex_;
  std::optional<T> value_;
  std::uint64_t sequence_ = 0;
};

}  // namespace tmsnav
