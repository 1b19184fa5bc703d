#include "tracking/landmark_touches.h"

#include <algorithm>
#include <cmath>

#include "tracking/pivot_calibration.h"

namespace tmsnav {

namespace {
constexpr double kWindowS = 0.6;                  // a pivot fit over this much of the recording
constexpr double kPivotWindowRmsMm = 0.5;         // below this the pointer pivots about one point
constexpr double kPivotWindowSpreadRad = 0.0873;  // 5 degrees: enough to tell tip from pivot
constexpr double kSamePivotMm = 5.0;              // windows this close are one touch
constexpr size_t kMinWindowPoses = 6;

struct Stretch {
  std::vector<Eigen::Isometry3d> poses;
  Eigen::Vector3d pivot;
};

// Consecutive usable poses within kWindowS of samples[i].
std::vector<Eigen::Isometry3d> window(const std::vector<PointerSample>& samples, size_t i) {
  std::vector<Eigen::Isometry3d> poses;
  for (size_t j = i; j < samples.size() && samples[j].t_s - samples[i].t_s <= kWindowS; ++j) {
    if (!samples[j].pointer_to_reference) break;
    poses.push_back(*samples[j].pointer_to_reference);
  }
  return poses;
}

// Stretches where short pivot fits agree on one pivot point, in time order.
std::vector<Stretch> pivotingStretches(const std::vector<PointerSample>& samples) {
  PivotOptions loose;
  loose.max_rms_mm = kPivotWindowRmsMm;
  loose.min_spread_rad = kPivotWindowSpreadRad;
  loose.min_poses = kMinWindowPoses;
  std::vector<Stretch> stretches;
  for (size_t i = 0; i < samples.size(); i += kMinWindowPoses / 2) {
    const auto poses = window(samples, i);
    if (poses.size() < kMinWindowPoses) continue;
    auto fit = calibratePivot(poses, loose);
    if (!fit) continue;
    if (stretches.empty() || (stretches.back().pivot - fit->pivot_in_tracker).norm() > kSamePivotMm)
      stretches.push_back({{}, fit->pivot_in_tracker});
    auto& s = stretches.back().poses;
    s.insert(s.end(), poses.begin(), poses.end());
  }
  return stretches;
}

// [R_i 0 .. -I(k) .. 0] [tip; pivot_1 .. pivot_K] = -t_i for pose i of stretch k.
TipFromTouches solveJoint(const std::vector<Stretch>& stretches) {
  size_t rows = 0;
  for (const auto& s : stretches) rows += 3 * s.poses.size();
  const long cols = 3 + 3 * static_cast<long>(stretches.size());
  Eigen::MatrixXd a = Eigen::MatrixXd::Zero(static_cast<long>(rows), cols);
  Eigen::VectorXd b(static_cast<long>(rows));
  long r = 0;
  for (size_t k = 0; k < stretches.size(); ++k)
    for (const auto& m : stretches[k].poses) {
      a.block<3, 3>(r, 0) = m.linear();
      a.block<3, 3>(r, 3 + 3 * static_cast<long>(k)) = -Eigen::Matrix3d::Identity();
      b.segment<3>(r) = -m.translation();
      r += 3;
    }
  const Eigen::VectorXd x = a.colPivHouseholderQr().solve(b);
  TipFromTouches out;
  out.tip_in_marker = x.head<3>();
  out.rms_mm = std::sqrt((a * x - b).squaredNorm() / static_cast<double>(rows / 3));
  out.pivots = stretches.size();
  return out;
}

// The joint fit, then again without the poses far off their stretch's pivot (a slip, the
// start or end of a touch caught in a window).
TipFromTouches jointFit(std::vector<Stretch> stretches) {
  constexpr double kOutlierFactor = 3.0;
  TipFromTouches first = solveJoint(stretches);
  for (auto& s : stretches) {
    Eigen::Vector3d pivot = Eigen::Vector3d::Zero();
    for (const auto& m : s.poses)
      pivot += m * first.tip_in_marker / static_cast<double>(s.poses.size());
    std::vector<Eigen::Isometry3d> kept;
    for (const auto& m : s.poses)
      if ((m * first.tip_in_marker - pivot).norm() <= kOutlierFactor * std::max(first.rms_mm, 0.1))
        kept.push_back(m);
    s.poses = std::move(kept);
  }
  std::erase_if(stretches, [](const Stretch& s) { return s.poses.size() < kMinWindowPoses; });
  return stretches.size() >= 2 ? solveJoint(stretches) : first;
}

// How far the pointer turned during a hold: a pointer lying still (on the table, at the
// start or end of a recording) does not turn; a hand holding it on a landmark does.
double turnDuring(const std::vector<PointerSample>& samples, const Touch& t) {
  std::optional<Eigen::Matrix3d> first;
  double widest = 0.0;
  for (const auto& s : samples) {
    if (s.t_s < t.start_s || s.t_s > t.end_s || !s.pointer_to_reference) continue;
    const Eigen::Matrix3d r = s.pointer_to_reference->linear();
    if (!first) first = r;
    widest = std::max(widest, Eigen::AngleAxisd(first->transpose() * r).angle());
  }
  return widest;
}

// Consecutive touches of one point (a hold broken by a stray sample) as one, its point the
// median of the tip over the whole of it.
std::vector<Touch> mergedRepeats(const std::vector<Touch>& touches,
                                 const std::vector<TipSample>& tips, double same_mm) {
  std::vector<Touch> out;
  for (const Touch& t : touches) {
    if (out.empty() || (out.back().point - t.point).norm() >= same_mm) {
      out.push_back(t);
      continue;
    }
    Touch& merged = out.back();
    merged.end_s = t.end_s;
    std::vector<Eigen::Vector3d> points;
    for (const auto& s : tips)
      if (s.tip && s.t_s >= merged.start_s && s.t_s <= merged.end_s) points.push_back(*s.tip);
    merged.point = medianPoint(points);
    merged.samples = points.size();
  }
  return out;
}
}  // namespace

Result<TipFromTouches> tipFromPivotingTouches(const std::vector<PointerSample>& samples) {
  const auto stretches = pivotingStretches(samples);
  if (stretches.size() < 2)
    return Error{"found " + std::to_string(stretches.size()) +
                 " pivoting touches in the recording: pivot the pointer about its tip on each "
                 "landmark, or give the pointer's calibration"};
  return jointFit(stretches);
}

std::vector<Touch> findLandmarkTouches(const std::vector<PointerSample>& samples,
                                       const Eigen::Vector3d& tip_in_marker,
                                       const TouchOptions& options) {
  std::vector<TipSample> tips;
  tips.reserve(samples.size());
  for (const auto& s : samples)
    tips.push_back({s.t_s, s.pointer_to_reference ? std::optional<Eigen::Vector3d>(
                                                        *s.pointer_to_reference * tip_in_marker)
                                                  : std::nullopt});
  std::vector<Touch> touches = findTouches(tips, options);
  std::erase_if(touches,
                [&](const Touch& t) { return turnDuring(samples, t) < options.min_turn_rad; });
  return mergedRepeats(touches, tips, options.same_landmark_mm);
}

TouchStream::TouchStream(Eigen::Vector3d tip_in_marker, TouchOptions options)
    : tip_(std::move(tip_in_marker)), options_(options) {}

std::optional<Touch> TouchStream::add(const PointerSample& sample) {
  // Longer holds than this are the pointer put down, not a touch: the buffer stays small.
  constexpr double kKeepS = 10.0;
  samples_.push_back(sample);
  std::erase_if(samples_, [&](const PointerSample& s) { return s.t_s < sample.t_s - kKeepS; });
  for (const Touch& t : findLandmarkTouches(samples_, tip_, options_)) {
    if (t.end_s >= sample.t_s) continue;  // still being held
    std::erase_if(samples_, [&](const PointerSample& s) { return s.t_s <= t.end_s; });
    return t;
  }
  return std::nullopt;
}

}  // namespace tmsnav
