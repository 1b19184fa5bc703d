#include <algorithm>
#include <iostream>

#include "app/cli/cli_support.h"
#include "app/cli/commands.h"
#include "core/coords.h"
#include "imaging/volume.h"
#include "io/json_util.h"

namespace tmsnav {

namespace {
nlohmann::json seriesJson(const std::vector<DicomSeriesInfo>& series) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& s : series)
    list.push_back({{"uid", s.uid},
                    {"description", s.description},
                    {"modality", s.modality},
                    {"sequence", s.sequence},
                    {"acquisition", s.acquisition},
                    {"dims", {s.columns, s.rows, s.slices}},
                    {"slice_spacing_mm", s.slice_spacing_mm},
                    {"problems", s.problems},
                    {"warnings", s.warnings},
                    {"enhanced", s.enhanced},
                    {"mosaic", s.mosaic},
                    {"component", s.component}});
  return list;
}

nlohmann::json intensityJson(const ImageF* image) {
  const size_t n = image->GetLargestPossibleRegion().GetNumberOfPixels();
  const float* p = image->GetBufferPointer();
  double sum = 0, lo = n ? p[0] : 0, hi = n ? p[0] : 0;
  for (size_t i = 0; i < n; ++i)
    sum += p[i], lo = std::min<double>(lo, p[i]), hi = std::max<double>(hi, p[i]);
  return {{"min", lo}, {"max", hi}, {"sum", sum}};
}
}  // namespace

int runInfo(const InfoArgs& a) {
  LoadOptions options;
  options.series_uid = a.series;
  auto v = loadVolume(a.path, options);
  if (!v) return fail(kExitBadInput, v.error());
  const Eigen::Vector3i d = v->dims();
  const auto b = v->rasBoundsMm();
  nlohmann::json j;
  j["path"] = a.path;
  j["source"] = v->source;
  j["dims"] = {d.x(), d.y(), d.z()};
  j["spacing_mm"] = jsonVec(v->spacingMm());
  j["ras_bounds_mm"] = {{b(0, 0), b(0, 1)}, {b(1, 0), b(1, 1)}, {b(2, 0), b(2, 1)}};
  j["voxel_to_ras"] = jsonMat(rasMatrixFromLps(v->voxelToLps()));
  j["orientation"] = v->orientation();
  j["warnings"] = v->warnings;
  j["intensity"] = intensityJson(v->image);
  if (!v->series.empty()) {
    j["series"] = seriesJson(v->series);
    j["series_uid"] = v->series_uid;
  }
  if (a.json) {
    printJson(j);
  } else {
    std::cout << a.path << " (" << v->source << ")\n"
              << "  dims        " << d.x() << " x " << d.y() << " x " << d.z() << "\n"
              << "  spacing_mm  " << j["spacing_mm"].dump() << "\n"
              << "  ras_bounds  " << j["ras_bounds_mm"].dump() << "\n"
              << "  orientation " << v->orientation() << "\n";
    for (const auto& s : v->series)
      std::cout << "  series " << (s.uid == v->series_uid ? "* " : "  ") << s.uid << "  "
                << s.description << "  " << s.columns << "x" << s.rows << "x" << s.slices << "\n";
    for (const auto& w : v->warnings) std::cout << "  warning: " << w << "\n";
  }
  return kExitOk;
}

}  // namespace tmsnav
