#pragma once
// tmsnav's version (CMake's project version) and the source revision it was built from
// (git, with "-modified" for uncommitted changes; written at build time).

namespace tmsnav {

const char* versionString();
const char* sourceRevision();

}  // namespace tmsnav
