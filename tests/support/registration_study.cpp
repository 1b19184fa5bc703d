#include "tests/support/registration_study.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <stdexcept>

#include "core/coords.h"
#include "imaging/atlas.h"
#include "imaging/head_model.h"
#include "imaging/image_io.h"
#include "imaging/scalp_points.h"
#include "imaging/surface_index.h"
#include "tracking/paired_point.h"
#include "tracking/simulated_pointer.h"

namespace tmsnav::test {

namespace {
Eigen::Vector3d noise(std::mt19937& rng, double rms_mm) {
  std::normal_distribution<double> n(0.0, rms_mm / std::sqrt(3.0));
  return {n(rng), n(rng), n(rng)};
}

Eigen::Isometry3d randomPose(std::mt19937& rng) {
  std::uniform_real_distribution<double> u(-1.0, 1.0);
  Eigen::Isometry3d t = Eigen::Isometry3d::Identity();
  t.linear() = Eigen::AngleAxisd(kPi * std::abs(u(rng)),
                                 Eigen::Vector3d(u(rng), u(rng), u(rng)).normalized())
                   .toRotationMatrix();
  t.translation() = Eigen::Vector3d(200 * u(rng), 200 * u(rng), 200 * u(rng));
  return t;
}

double median(std::vector<double> v) {
  std::nth_element(v.begin(), v.begin() + static_cast<long>(v.size() / 2), v.end());
  return v[v.size() / 2];
}

double rms(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x * x;
  return std::sqrt(s / static_cast<double>(v.size()));
}
}  // namespace

StudyResult runRegistrationStudy(const StudySetup& s, int trials, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<size_t> pick(0, s.sweep_pool.size() - 1);
  std::vector<double> lm_tre, lm_pred, icp_tre, icp_pred, fre;
  StudyResult r;
  r.trials = trials;
  for (int trial = 0; trial < trials; ++trial) {
    // The head reference sits somewhere on the head: mri_to_head_ref is random.
    const Eigen::Isometry3d head_ref_to_mri = randomPose(rng);
    const Eigen::Isometry3d mri_to_head_ref = head_ref_to_mri.inverse();
    std::vector<Eigen::Vector3d> touched;
    for (const auto& l : s.landmarks)
      touched.push_back(mri_to_head_ref * l + noise(rng, s.fle_rms_mm));
    auto fit = fitRigid(touched, s.landmarks);
    if (!fit) throw std::runtime_error(fit.error());
    const Eigen::Vector3d target_in_head = mri_to_head_ref * s.target;
    lm_tre.push_back((fit->from_to_to * target_in_head - s.target).norm());
    lm_pred.push_back(predictedTreMm(s.landmarks, fit->fle_mm, s.target));
    fre.push_back(fit->fre_mm);
    std::vector<Eigen::Vector3d> sweep;
    for (size_t i = 0; i < s.sweep_points; ++i)
      sweep.push_back(mri_to_head_ref * s.sweep_pool[pick(rng)] + noise(rng, s.point_noise_rms_mm));
    auto icp = refineOnSurface(sweep, *s.scalp, fit->from_to_to);
    if (!icp) throw std::runtime_error(icp.error());
    icp_tre.push_back((icp->from_to_surface * target_in_head - s.target).norm());
    icp_pred.push_back(predictedTreMm(*icp, s.target));
    r.converged_fraction += icp->converged ? 1.0 / trials : 0.0;
    r.mean_iterations += static_cast<double>(icp->iterations) / trials;
  }
  r.landmark_tre_median_mm = median(lm_tre);
  r.landmark_tre_rms_mm = rms(lm_tre);
  r.landmark_predicted_rms_mm = rms(lm_pred);
  r.icp_tre_median_mm = median(icp_tre);
  r.icp_tre_rms_mm = rms(icp_tre);
  r.icp_predicted_rms_mm = rms(icp_pred);
  r.fre_rms_mm = rms(fre);
  return r;
}

StudySetup colin27Study() {
  auto volume = loadHeadVolume("/usr/share/mricron/templates/ch2.nii.gz");
  if (!volume) throw std::runtime_error(volume.error());
  auto model = buildHeadModel(*volume, {});
  if (!model) throw std::runtime_error(model.error());
  vtkPolyData* scalp = model->scalp_lps;
  auto surface = scalpSurfaceOf(scalp);
  if (!surface) throw std::runtime_error(surface.error());
  StudySetup s;
  const SurfaceIndex index(scalp);
  for (const Eigen::Vector3d ras :
       {Eigen::Vector3d(0.0, 82.9, -43.0), Eigen::Vector3d(-79.6, -20.6, -48.6),
        Eigen::Vector3d(80.6, -20.6, -48.1)})
    s.landmarks.push_back(*index.nearest(lpsFromRas(ras)));
  s.target = *index.nearest(lpsFromRas({-38, 44, 26}));
  // A sweep covers the vault above the ears and the forehead.
  s.sweep_pool = sweepVault((*surface)->index().points(), s.landmarks[1]);
  s.scalp = *surface;
  return s;
}

}  // namespace tmsnav::test
