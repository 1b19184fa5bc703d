// Session journals (JSON lines), as `report`, `export` and the app's course view read them.
#include "fuzz/fuzz_input.h"
#include "io/session_journal.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, size_t size) {
  const std::string path = tmsnav::fuzz::writeInput(data, size, ".jsonl");
  (void)tmsnav::readSessionJournal(path);
  (void)tmsnav::readJournalHeader(path);
  return 0;
}
