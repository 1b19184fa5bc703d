// NIfTI-1 pre-validation (imaging/nifti_header): the header, its sizes against the file and
// the gzip stream, before ITK allocates anything. Plain and gzipped names both.
#include "fuzz/fuzz_input.h"
#include "imaging/nifti_header.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, size_t size) {
  const bool gz = size > 2 && data[0] == 0x1f && data[1] == 0x8b;
  auto h = tmsnav::checkNiftiFile(tmsnav::fuzz::writeInput(data, size, gz ? ".nii.gz" : ".nii"));
  if (h) (void)tmsnav::niftiWorld(*h);
  return 0;
}
