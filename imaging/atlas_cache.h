#pragma once
// Atlas label volumes, loaded once and shared. Each is several megabytes of gzip: the app
// must not reload one on the UI thread for every atlas target. Thread-safe, so a
// background job can fill it while the UI thread reads.
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "imaging/volume.h"

namespace tmsnav {

class AtlasCache {
 public:
  Result<std::shared_ptr<const Volume>> get(const std::string& path);

 private:
  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<const Volume>> volumes_;
};

}  // namespace tmsnav
