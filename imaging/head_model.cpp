#include "imaging/head_model.h"

#include <chrono>

namespace tmsnav {

namespace {
double secondsSince(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}
}  // namespace

Result<HeadModel> buildHeadModel(const Volume& volume, const Progress& progress) {
  HeadModel m;
  auto t0 = std::chrono::steady_clock::now();
  Progress head_progress{[&](double f, const std::string& s) { progress(0.6 * f, s); },
                         progress.cancel};
  auto head = segmentHead(volume, {}, head_progress);
  if (!head) return Error{head.error()};
  m.head = std::move(*head);
  m.seconds["head_mask"] = secondsSince(t0);
  if (progress.cancelled()) return Error{"cancelled"};

  t0 = std::chrono::steady_clock::now();
  Progress mesh_progress{[&](double f, const std::string& s) { progress(0.6 + 0.4 * f, s); },
                         progress.cancel};
  m.scalp_lps = meshFromMask(m.head.mask, {}, mesh_progress);
  m.seconds["scalp_mesh"] = secondsSince(t0);
  if (m.scalp_lps->GetNumberOfCells() == 0) return Error{"scalp surface is empty"};
  return m;
}

}  // namespace tmsnav
