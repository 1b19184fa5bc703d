// Other navigators' files: Brainsight .txt, Localite XML (pugixml), Slicer .mrk.json and
// .fcsv, ANT Neuro markers, Softaxic, tmsnav CSV, each reader on the same bytes, and the
// format recognition `import` does.
#include <string>

#include "fuzz/fuzz_input.h"
#include "io/exchange.h"
#include "io/exchange_formats.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  (void)tmsnav::readBrainsight(text);
  (void)tmsnav::readLocalite(text);
  (void)tmsnav::readSlicerMarkups(text);
  (void)tmsnav::readSlicerFcsv(text);
  (void)tmsnav::readAntMarkers(text);
  (void)tmsnav::readSoftaxic(text);
  (void)tmsnav::readExchangeCsv(text);
  (void)tmsnav::importExchange(tmsnav::fuzz::writeInput(data, size, ".txt"));
  return 0;
}
