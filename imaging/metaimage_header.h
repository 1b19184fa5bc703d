#pragma once
// tmsnav's own check of a MetaImage (.mha, .mhd) header before ITK allocates anything:
// sizes against kMaxVoxels and the data file (local, detached, raw or zlib-compressed)
// holding every byte the header promises, counted in fixed memory.
#include <string>

#include "core/result.h"

namespace tmsnav {

bool looksLikeMetaImage(const std::string& path);  // .mha or .mhd
Result<Done> checkMetaImageFile(const std::string& path);

}  // namespace tmsnav
