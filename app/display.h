#pragma once
// Commands that draw need an X display. Without one they start a private Xvfb (on a free
// display number, no TCP) for their own lifetime, or say clearly that Xvfb is missing.
#include <sys/types.h>

#include <memory>
#include <string>

#include "core/result.h"

namespace tmsnav {

bool displayAvailable();

class PrivateXvfb {
 public:
  static Result<std::unique_ptr<PrivateXvfb>> start();
  ~PrivateXvfb();
  const std::string& display() const { return display_; }

 private:
  PrivateXvfb(pid_t pid, std::string display) : pid_(pid), display_(std::move(display)) {}
  pid_t pid_;
  std::string display_;
};

}  // namespace tmsnav
