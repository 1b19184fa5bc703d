#include "imaging/dicom_stack.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <sstream>

#include <Eigen/Geometry>

namespace tmsnav {

namespace {
constexpr double kDuplicateMm = 0.01;    // two slices closer than this are the same place
constexpr double kGapFactor = 1.5;       // a step this much above both neighbours: missing slices
constexpr double kOrthogonalTol = 1e-3;  // |row . col| of a valid Image Orientation
constexpr double kPi = 3.14159265358979323846;

std::string mm(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

// Bilinear sample of slice z at continuous (u, v); false outside the slice.
bool sample(const ImageF* img, long z, double u, double v, float& out) {
  const auto size = img->GetLargestPossibleRegion().GetSize();
  const long nx = static_cast<long>(size[0]), ny = static_cast<long>(size[1]);
  constexpr double kEdge = 1e-6;
  if (u < -kEdge || v < -kEdge || u > nx - 1 + kEdge || v > ny - 1 + kEdge) return false;
  u = std::clamp(u, 0.0, static_cast<double>(nx - 1));
  v = std::clamp(v, 0.0, static_cast<double>(ny - 1));
  const long x0 = std::min(static_cast<long>(u), std::max(nx - 2, 0L));
  const long y0 = std::min(static_cast<long>(v), std::max(ny - 2, 0L));
  const long x1 = std::min(x0 + 1, nx - 1), y1 = std::min(y0 + 1, ny - 1);
  const double fx = u - x0, fy = v - y0;
  const float* p = img->GetBufferPointer() + z * nx * ny;
  const double top = p[y0 * nx + x0] * (1 - fx) + p[y0 * nx + x1] * fx;
  const double bottom = p[y1 * nx + x0] * (1 - fx) + p[y1 * nx + x1] * fx;
  out = static_cast<float>(top * (1 - fy) + bottom * fy);
  return true;
}

void setGeometry(ImageF* img, const Eigen::Vector3d& origin, const Eigen::Matrix3d& axes,
                 const Eigen::Vector3d& spacing) {
  ImageF::PointType o;
  ImageF::SpacingType sp;
  ImageF::DirectionType dir;
  for (int r = 0; r < 3; ++r) {
    o[r] = origin[r];
    sp[r] = spacing[r];
    for (int c = 0; c < 3; ++c) dir(r, c) = axes(r, c);
  }
  img->SetOrigin(o);
  img->SetSpacing(sp);
  img->SetDirection(dir);
}
}  // namespace

std::vector<double> dicomNumbers(const std::string& text) {
  std::vector<double> v;
  std::stringstream ss(dicomTrimmed(text));
  for (std::string part; std::getline(ss, part, '\\');) {
    try {
      size_t used = 0;
      v.push_back(std::stod(part, &used));
      if (!std::isfinite(v.back())) return {};
    } catch (...) {
      return {};
    }
  }
  return v;
}

std::string dicomTrimmed(const std::string& text) {
  std::string s = text;
  while (!s.empty() && (s.back() == ' ' || s.back() == '\0')) s.pop_back();
  size_t start = 0;
  while (start < s.size() && s[start] == ' ') ++start;
  return s.substr(start);
}

Eigen::Vector3d sliceNormal(const SliceStack& s) {
  return s.row.cross(s.col).normalized();
}

StackLayout layoutStack(const SliceStack& s) {
  StackLayout out;
  const size_t n = s.positions.size();
  if (std::abs(s.row.norm() - 1) > kOrthogonalTol || std::abs(s.col.norm() - 1) > kOrthogonalTol ||
      std::abs(s.row.dot(s.col)) > kOrthogonalTol) {
    out.problems.emplace_back("Image Orientation (Patient) is not two orthogonal unit vectors");
    return out;
  }
  if (!(s.column_step_mm > 0 && s.row_step_mm > 0 && std::isfinite(s.column_step_mm) &&
        std::isfinite(s.row_step_mm))) {
    out.problems.emplace_back("Pixel Spacing must be finite and positive");
    return out;
  }
  const Eigen::Vector3d normal = sliceNormal(s);
  out.order.resize(n);
  std::iota(out.order.begin(), out.order.end(), size_t{0});
  std::stable_sort(out.order.begin(), out.order.end(), [&](size_t a, size_t b) {
    return normal.dot(s.positions[a]) < normal.dot(s.positions[b]);
  });
  if (n < 2) return out;
  const Eigen::Vector3d first = s.positions[out.order.front()];
  std::vector<double> d(n), steps;
  for (size_t i = 0; i < n; ++i) {
    const Eigen::Vector3d rel = s.positions[out.order[i]] - first;
    d[i] = normal.dot(rel);
    out.max_offset_mm = std::max(out.max_offset_mm, (rel - d[i] * normal).norm());
    if (i) steps.push_back(d[i] - d[i - 1]);
  }
  std::vector<double> sorted = steps;
  std::sort(sorted.begin(), sorted.end());
  out.step_mm = sorted[sorted.size() / 2];
  out.min_step_mm = sorted.front();
  out.max_step_mm = sorted.back();
  const double even = d.back() / static_cast<double>(n - 1);
  for (size_t i = 0; i < n; ++i)
    out.max_step_error_mm = std::max(out.max_step_error_mm, std::abs(d[i] - even * i));
  const long duplicates =
      std::count_if(steps.begin(), steps.end(), [](double x) { return x < kDuplicateMm; });
  if (duplicates)
    out.problems.push_back(std::to_string(duplicates) + " duplicate slice position(s)");
  // Missing slices: a step well above the steps on both sides. A run of longer steps is a
  // second slice spacing (CT protocols mix 4 and 7 mm), which resampling handles.
  long gaps = 0;
  for (size_t i = 0; i < steps.size(); ++i) {
    const bool above_prev = i == 0 || steps[i] > kGapFactor * steps[i - 1];
    const bool above_next = i + 1 == steps.size() || steps[i] > kGapFactor * steps[i + 1];
    if (steps.size() > 1 && above_prev && above_next && steps[i] >= kDuplicateMm) ++gaps;
  }
  if (gaps)
    out.problems.push_back(std::to_string(gaps) + " gap(s) in the slice positions: missing slices");
  return out;
}

Result<ImageF::Pointer> placeSlices(const ImageF* slices, const SliceStack& s,
                                    const StackLayout& layout, std::vector<std::string>& warnings) {
  const auto in = slices->GetLargestPossibleRegion().GetSize();
  const size_t n = layout.order.size();
  if (n == 0 || in[2] != n) return Error{"internal: slice count does not match the positions"};
  const Eigen::Vector3d normal = sliceNormal(s);
  Eigen::Matrix3d axes;
  axes << s.row, s.col, normal;
  const Eigen::Vector3d first = s.positions[layout.order.front()];
  if (n == 1 || layout.regular()) {
    ImageF::Pointer out = ImageF::New();
    out->Graft(slices);
    const double step =
        n == 1 ? 1.0 : normal.dot(s.positions[layout.order.back()] - first) / (n - 1.0);
    setGeometry(out, first, axes, {s.column_step_mm, s.row_step_mm, n == 1 ? 1.0 : step});
    return out;
  }
  // Each slice's in-plane shift and distance along the normal, relative to the first.
  std::vector<Eigen::Vector2d> shift(n);
  std::vector<double> d(n);
  Eigen::Vector2d lo(0, 0), hi(0, 0);
  for (size_t i = 0; i < n; ++i) {
    const Eigen::Vector3d rel = s.positions[layout.order[i]] - first;
    shift[i] = {rel.dot(s.row), rel.dot(s.col)};
    d[i] = rel.dot(normal);
    lo = lo.cwiseMin(shift[i]);
    hi = hi.cwiseMax(shift[i]);
  }
  const Eigen::Vector2d pixel(s.column_step_mm, s.row_step_mm);
  const Eigen::Vector2d extent =
      hi - lo + pixel.cwiseProduct(Eigen::Vector2d(in[0] - 1, in[1] - 1));
  const long nx = std::lround(extent.x() / pixel.x()) + 1,
             ny = std::lround(extent.y() / pixel.y()) + 1;
  const long nz = static_cast<long>(std::ceil(d.back() / layout.step_mm - 1e-6)) + 1;
  if (static_cast<long double>(nx) * ny * nz > kMaxVoxels)
    return Error{"resampling the irregular slice stack would need more than 1024^3 voxels"};
  const double step = d.back() / (nz - 1);
  float fill = slices->GetBufferPointer()[0];
  const size_t total = in[0] * in[1] * in[2];
  for (size_t i = 0; i < total; ++i) fill = std::min(fill, slices->GetBufferPointer()[i]);

  ImageF::Pointer out = ImageF::New();
  ImageF::RegionType region;
  region.SetSize({{static_cast<ImageF::SizeValueType>(nx), static_cast<ImageF::SizeValueType>(ny),
                   static_cast<ImageF::SizeValueType>(nz)}});
  out->SetRegions(region);
  out->Allocate();
  float* o = out->GetBufferPointer();
  size_t k = 0;
  for (long z = 0; z < nz; ++z) {
    const double dz = std::min(z * step, d.back());
    const size_t upper = std::max<size_t>(
        1, std::min<size_t>(n - 1, std::upper_bound(d.begin(), d.end(), dz) - d.begin()));
    const size_t lower = upper - 1;
    const double gap = d[upper] - d[lower];
    const double w = gap > 0 ? std::clamp((dz - d[lower]) / gap, 0.0, 1.0) : 0.0;
    for (long y = 0; y < ny; ++y)
      for (long x = 0; x < nx; ++x, ++k) {
        const Eigen::Vector2d p = lo + pixel.cwiseProduct(Eigen::Vector2d(x, y));
        const Eigen::Vector2d a = (p - shift[lower]).cwiseQuotient(pixel);
        const Eigen::Vector2d b = (p - shift[upper]).cwiseQuotient(pixel);
        float va = fill, vb = fill;
        const bool ina = w < 1 && sample(slices, static_cast<long>(lower), a.x(), a.y(), va);
        const bool inb = w > 0 && sample(slices, static_cast<long>(upper), b.x(), b.y(), vb);
        if ((w < 1 && !ina) || (w > 0 && !inb))
          o[k] = fill;  // outside one of the two slices it lies between
        else
          o[k] = static_cast<float>((1 - w) * va + w * vb);
      }
  }
  const Eigen::Vector3d origin = first + lo.x() * s.row + lo.y() * s.col;
  setGeometry(out, origin, axes, {pixel.x(), pixel.y(), step});
  const double span = d.back();
  const double tilt_deg =
      std::atan2((s.positions[layout.order.back()] - first - span * normal).norm(), span) * 180 /
      kPi;
  std::string why;
  if (layout.max_offset_mm > kSlicePlacementTolMm)
    why = "slices shift in-plane along the stack (gantry tilt " + mm(tilt_deg) + " degrees)";
  if (layout.max_step_error_mm > kSlicePlacementTolMm)
    why += std::string(why.empty() ? "" : " and ") + "slice spacing varies (" +
           mm(layout.min_step_mm) + " to " + mm(layout.max_step_mm) + " mm)";
  warnings.push_back(why + ": the " + std::to_string(n) +
                     " slices were resampled from their Image Positions onto a regular " +
                     mm(step) + " mm grid");
  return out;
}

}  // namespace tmsnav
