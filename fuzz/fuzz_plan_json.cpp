// plan.json, study.json, registration.json, pointer/coil calibrations and landmark CSVs:
// every JSON file tmsnav reads back, one target so the corpus is shared.
#include "fuzz/fuzz_input.h"
#include "io/plan_file.h"
#include "io/registration_file.h"
#include "io/study_file.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, size_t size) {
  const std::string path = tmsnav::fuzz::writeInput(data, size, ".json");
  (void)tmsnav::readPlan(path);
  (void)tmsnav::readStudy(path);
  (void)tmsnav::readRegistration(path);
  (void)tmsnav::readPointerCalibration(path);
  (void)tmsnav::readCoilCalibration(path);
  (void)tmsnav::readCoilTouchPoints(path);
  (void)tmsnav::readLandmarksCsv(path);
  return 0;
}
