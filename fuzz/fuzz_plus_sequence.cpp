// PLUS sequence metafiles (.igs.mha), as `track --replay` and `register --replay` read them.
#include "fuzz/fuzz_input.h"
#include "tracking/plus_sequence.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, size_t size) {
  (void)tmsnav::readPlusSequence(tmsnav::fuzz::writeInput(data, size, ".igs.mha"));
  return 0;
}
