// MetaImage pre-validation (imaging/metaimage_header): the header and the data it names
// (LOCAL or a detached file, raw or zlib) holding every byte, before ITK allocates.
#include "fuzz/fuzz_input.h"
#include "imaging/metaimage_header.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const bool local = text.find("LOCAL") != std::string::npos;
  (void)tmsnav::checkMetaImageFile(tmsnav::fuzz::writeInput(data, size, local ? ".mha" : ".mhd"));
  return 0;
}
