#include "imaging/atlas_cache.h"

#include "imaging/volume.h"

namespace tmsnav {

Result<std::shared_ptr<const Volume>> AtlasCache::get(const std::string& path) {
  const std::lock_guard<std::mutex> lock(mutex_);
  if (const auto it = volumes_.find(path); it != volumes_.end()) return it->second;
  auto atlas = loadVolume(path);
  if (!atlas) return Error{atlas.error()};
  auto shared = std::make_shared<const Volume>(std::move(*atlas));
  volumes_.emplace(path, shared);
  return shared;
}

}  // namespace tmsnav
