#pragma once
// Long-running imaging work reports progress and honours cancellation through this,
// without knowing whether a terminal bar or an app progress bar is listening.
#include <atomic>
#include <functional>
#include <string>

namespace tmsnav {

struct Progress {
  std::function<void(double fraction, const std::string& stage)> report;
  const std::atomic<bool>* cancel = nullptr;

  void operator()(double fraction, const std::string& stage) const {
    if (report) report(fraction, stage);
  }
  bool cancelled() const { return cancel && cancel->load(); }
};

}  // namespace tmsnav
