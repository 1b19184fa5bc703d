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
  // A stage's 0..1 mapped into [from, to] of this one. Keeps a reference: use it while this
  // Progress lives.
  Progress sub(double from, double to) const {
    return Progress{
        [this, from, to](double f, const std::string& s) { (*this)(from + (to - from) * f, s); },
        cancel};
  }
};

}  // namespace tmsnav
