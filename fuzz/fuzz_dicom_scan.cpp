// A DICOM folder as `tmsnav info/segment DIR` reads it before decoding: the input's bytes
// as the one file of a folder, through the directory scan (ITK's GDCMSeriesFileNames and
// GDCM's scanner), the classic and enhanced (multi-frame, functional groups) series
// grouping, the T1 choice and the header checks done before any pixel is decoded.
#include <filesystem>

#include "fuzz/fuzz_input.h"
#include "imaging/dicom_series.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, size_t size) {
  const std::string dir = tmsnav::fuzz::inputFolder();
  tmsnav::fuzz::writeFile(dir + "/slice.dcm", data, size);
  auto listed = tmsnav::listDicomSeries(dir);
  if (listed)
    if (const tmsnav::DicomSeriesInfo* chosen = tmsnav::pickT1Series(*listed))
      (void)tmsnav::checkDicomSeriesHeader(*chosen);
  return 0;
}
