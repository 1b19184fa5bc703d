#include "render/cortex_colours.h"

#include <algorithm>
#include <vector>

#include <vtkDataArray.h>
#include <vtkPointData.h>

#include <Eigen/Core>

#include "imaging/sulcal_depth.h"

namespace tmsnav {

namespace {
// The shades span the 10th to 90th percentile of this cortex's sulcal depth, so that the
// folding pattern reads the same on small and large, smooth and atrophic brains.
constexpr double kLowPercentile = 0.10, kHighPercentile = 0.90;
const Eigen::Vector3d kCortexLight(240, 212, 200), kCortexDark(110, 84, 78);
const Eigen::Vector3d kRegionLight(250, 170, 60), kRegionDark(150, 80, 20);
constexpr double kFlatShade = 0.8;  // no depth array: one light colour

double percentile(std::vector<double> v, double q) {
  const size_t k = static_cast<size_t>(q * static_cast<double>(v.size() - 1));
  std::nth_element(v.begin(), v.begin() + static_cast<long>(k), v.end());
  return v[k];
}

// 0 (deepest sulci) .. 1 (gyral crowns) per vertex.
std::vector<double> shades(vtkPolyData* cortex) {
  const vtkIdType n = cortex->GetNumberOfPoints();
  vtkDataArray* depth = cortex->GetPointData()->GetArray(kSulcalDepthArray);
  if (!depth || depth->GetNumberOfTuples() != n || n == 0)
    return std::vector<double>(static_cast<size_t>(n), kFlatShade);
  std::vector<double> d(static_cast<size_t>(n));
  for (vtkIdType i = 0; i < n; ++i) d[static_cast<size_t>(i)] = depth->GetComponent(i, 0);
  const double lo = percentile(d, kLowPercentile), hi = percentile(d, kHighPercentile);
  for (double& x : d) x = hi > lo ? std::clamp((x - lo) / (hi - lo), 0.0, 1.0) : kFlatShade;
  return d;
}
}  // namespace

vtkSmartPointer<vtkUnsignedCharArray> cortexColours(vtkPolyData* cortex,
                                                    const std::vector<unsigned char>& flags) {
  const vtkIdType n = cortex->GetNumberOfPoints();
  const std::vector<double> t = shades(cortex);
  const bool patch = flags.size() == static_cast<size_t>(n);
  auto rgb = vtkSmartPointer<vtkUnsignedCharArray>::New();
  rgb->SetNumberOfComponents(3);
  rgb->SetNumberOfTuples(n);
  for (vtkIdType i = 0; i < n; ++i) {
    const double s = t[static_cast<size_t>(i)];
    const bool in_region = patch && flags[static_cast<size_t>(i)];
    const Eigen::Vector3d c = in_region ? kRegionDark + s * (kRegionLight - kRegionDark)
                                        : kCortexDark + s * (kCortexLight - kCortexDark);
    rgb->SetTuple3(i, c.x(), c.y(), c.z());
  }
  return rgb;
}

}  // namespace tmsnav
