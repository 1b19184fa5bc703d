#include "bench/bench_brain.h"

#include <filesystem>
#include <stdexcept>

#include "bench/bench_process.h"
#include "tests/integration/segmentation_helpers.h"

namespace tmsnav::bench {

namespace {
namespace fs = std::filesystem;

const fs::path kSeg3d = fs::path(TMSNAV_SOURCE_DIR) / "tests/data/mri/seg3d";

MaskImage::Pointer maskOf(const fs::path& file) {
  return test::maskFrom(test::loadOrDie(file.string()).image, 0.0f);
}

struct Timed {
  std::optional<double> seconds;  // unset: the program is missing or failed
  std::optional<double> dice;
};

// The median time of `repeats` runs of argv, and the Dice of `mask_file` (> 0) afterwards.
Timed timed(const std::vector<std::string>& argv, int repeats, const fs::path& mask_file,
            const MaskImage* expert) {
  // mia refuses to replace a file.
  const auto s = medianSeconds(argv, repeats, [&] { fs::remove(mask_file); });
  if (!s) return {};
  return {s, test::dice(maskOf(mask_file), expert)};
}
}  // namespace

nlohmann::json benchBrainExtraction(int repeats) {
  const std::string t1 = (kSeg3d / "t1.nii.gz").string();
  const auto expert = maskOf(kSeg3d / "brain_mask.nii.gz");
  const fs::path out = fs::temp_directory_path() / "tmsnav-bench-brain";
  fs::create_directories(out);
  const Timed ours = timed({tmsnavExe(), "segment", t1, "--out", (out / "segment").string()},
                           repeats, out / "segment/intracranial_mask.nii.gz", expert);
  if (!ours.seconds) throw std::runtime_error("tmsnav segment failed on seg3d");
  const double brain_dice = test::dice(maskOf(out / "segment/brain_mask.nii.gz"), expert);
  nlohmann::json j = {{"benchmark", "brain_extraction"},
                      {"mri", t1},
                      {"repeats", repeats},
                      {"segment_s", *ours.seconds},
                      {"intracranial_dice", *ours.dice},
                      {"brain_dice", brain_dice}};
  const char* name = "mia-3dbrainextractT1 (mia-tools), its output > 0";
  Timed mia;
  if (const auto exe = installed("mia-3dbrainextractT1"))
    mia = timed({*exe, "-i", t1, "-o", (out / "mia.nii.gz").string()}, repeats, out / "mia.nii.gz",
                expert);
  j["peer"] = peerJson(name, mia.seconds, *ours.seconds);
  if (mia.dice) j["peer"]["dice"] = *mia.dice;
  return j;
}

}  // namespace tmsnav::bench
