#include "imaging/tissue_classifier.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include <itkSmoothingRecursiveGaussianImageFilter.h>

#include "imaging/mask_ops.h"
#include "imaging/resample.h"

namespace tmsnav {

namespace {
constexpr int kClasses = 3;
constexpr double kBiasGridMm = 4.0;

struct Gaussians {
  std::array<double, kClasses> mean{}, sd{};
};

// 1-D k-means on a sample, classes sorted by mean (CSF < grey < white on a T1).
Gaussians kMeans(const std::vector<float>& x) {
  std::vector<float> sorted = x;
  std::sort(sorted.begin(), sorted.end());
  Gaussians g;
  for (int k = 0; k < kClasses; ++k) g.mean[k] = sorted[sorted.size() * (2 * k + 1) / 6];
  std::vector<int> label(x.size());
  for (int it = 0; it < 30; ++it) {
    std::array<double, kClasses> sum{}, sq{}, count{};
    for (size_t i = 0; i < x.size(); ++i) {
      int best = 0;
      for (int k = 1; k < kClasses; ++k)
        if (std::abs(x[i] - g.mean[k]) < std::abs(x[i] - g.mean[best])) best = k;
      sum[best] += x[i], sq[best] += double(x[i]) * x[i], ++count[best];
    }
    for (int k = 0; k < kClasses; ++k) {
      if (count[k] == 0) continue;
      g.mean[k] = sum[k] / count[k];
      g.sd[k] = std::sqrt(std::max(1e-12, sq[k] / count[k] - g.mean[k] * g.mean[k]));
    }
  }
  return g;
}

ImageF::Pointer smoothed(const ImageF* image, double sigma_mm) {
  auto smooth = itk::SmoothingRecursiveGaussianImageFilter<ImageF, ImageF>::New();
  smooth->SetInput(image);
  smooth->SetSigma(sigma_mm);
  smooth->Update();
  return smooth->GetOutput();
}

ImageF::Pointer floatLike(const itk::ImageBase<3>* reference) {
  auto out = ImageF::New();
  out->CopyInformation(reference);
  out->SetRegions(reference->GetLargestPossibleRegion());
  out->Allocate(true);
  return out;
}

std::vector<float> sampleInside(const float* values, const unsigned char* mask, size_t n) {
  std::vector<float> s;
  const size_t step = std::max<size_t>(1, n / 300000);  // k-means needs a sample, not all
  for (size_t i = 0; i < n; i += step)
    if (mask[i]) s.push_back(values[i]);
  return s;
}

// corrected = image / (local white-matter level), iterated with the white-matter class.
ImageF::Pointer biasCorrected(const ImageF* image, const MaskImage* brain, const TissueOptions& o) {
  const size_t n = image->GetLargestPossibleRegion().GetNumberOfPixels();
  const float* in = image->GetBufferPointer();
  const unsigned char* b = brain->GetBufferPointer();
  auto corrected = floatLike(image);
  std::copy(in, in + n, corrected->GetBufferPointer());
  auto weighted = floatLike(image), weight = floatLike(image);
  for (int it = 0; it < o.bias_iterations; ++it) {
    const float* c = corrected->GetBufferPointer();
    const Gaussians g = kMeans(sampleInside(c, b, n));
    const double white_floor = 0.5 * (g.mean[1] + g.mean[2]);
    float* wv = weighted->GetBufferPointer();
    float* w = weight->GetBufferPointer();
    double global = 0.0, count = 0.0;
    for (size_t i = 0; i < n; ++i) {
      const bool white = b[i] && c[i] > white_floor;
      w[i] = white ? 1.0f : 0.0f;
      wv[i] = white ? in[i] : 0.0f;
      if (white) global += in[i], count += 1.0;
    }
    if (count == 0.0) break;
    const float fallback = static_cast<float>(global / count);
    // The field is smooth: estimate it on a coarse grid, interpolate back.
    auto num = smoothed(blockAveraged(weighted, kBiasGridMm), o.bias_sigma_mm);
    auto den = smoothed(blockAveraged(weight, kBiasGridMm), o.bias_sigma_mm);
    const size_t nc = num->GetLargestPossibleRegion().GetNumberOfPixels();
    float* nu = num->GetBufferPointer();
    const float* de = den->GetBufferPointer();
    // Far from any white matter the local estimate is noise: use the global level.
    for (size_t i = 0; i < nc; ++i) nu[i] = de[i] > 0.05f ? nu[i] / de[i] : fallback;
    auto level = resampledOnto(num, image);
    const float* lv = level->GetBufferPointer();
    float* out = corrected->GetBufferPointer();
    for (size_t i = 0; i < n; ++i) {
      const float l = lv[i] > 0.0f ? lv[i] : fallback;
      out[i] = in[i] / l;
    }
  }
  return corrected;
}
}  // namespace

Result<TissueResult> classifyTissue(const Volume& volume, const MaskImage* brain_mask,
                                    const TissueOptions& options, const Progress& progress) {
  try {
    const ImageF* image = volume.image.GetPointer();
    const size_t n = image->GetLargestPossibleRegion().GetNumberOfPixels();
    progress(0.0, "tissue: bias field");
    auto corrected = biasCorrected(image, brain_mask, options);
    if (progress.cancelled()) return Error{"cancelled"};
    progress(0.6, "tissue: classes");
    const float* c = corrected->GetBufferPointer();
    const unsigned char* b = brain_mask->GetBufferPointer();
    const Gaussians g = kMeans(sampleInside(c, b, n));
    if (!(g.mean[0] < g.mean[1] && g.mean[1] < g.mean[2]))
      return Error{"tissue classes are not separable in this image"};

    TissueResult r;
    r.labels = newMaskLike(image);
    unsigned char* lab = r.labels->GetBufferPointer();
    std::array<float, kClasses> inv_sd{}, log_sd{};
    for (int k = 0; k < kClasses; ++k)
      inv_sd[k] = static_cast<float>(1.0 / g.sd[k]),
      log_sd[k] = static_cast<float>(std::log(g.sd[k]));
    auto nll = [&](float v, int k) {
      const float z = (v - static_cast<float>(g.mean[k])) * inv_sd[k];
      return 0.5f * z * z + log_sd[k];
    };
    for (size_t i = 0; i < n; ++i) {
      if (!b[i]) continue;
      int best = 0;
      for (int k = 1; k < kClasses; ++k)
        if (nll(c[i], k) < nll(c[i], best)) best = k;
      lab[i] = static_cast<unsigned char>(kCsf + best);
    }
    progress(0.8, "tissue: smoothing");
    const auto size = image->GetLargestPossibleRegion().GetSize();
    const long nx = size[0], ny = size[1], nz = size[2];
    const long offsets[6] = {1, -1, nx, -nx, nx * ny, -nx * ny};
    for (int sweep = 0; sweep < options.icm_sweeps; ++sweep) {
      for (long z = 1; z + 1 < nz; ++z)
        for (long y = 1; y + 1 < ny; ++y)
          for (long x = 1; x + 1 < nx; ++x) {
            const long i = x + nx * (y + ny * z);
            if (!b[i]) continue;
            int agree[kClasses] = {0, 0, 0};
            for (long off : offsets)
              if (lab[i + off] >= kCsf) ++agree[lab[i + off] - kCsf];
            int best = 0;
            float best_cost = 1e30f;
            for (int k = 0; k < kClasses; ++k) {
              const float cost_k =
                  nll(c[i], k) - static_cast<float>(options.neighbour_weight * agree[k]);
              if (cost_k < best_cost) best_cost = cost_k, best = k;
            }
            lab[i] = static_cast<unsigned char>(kCsf + best);
          }
    }
    const auto sp = image->GetSpacing();
    const double voxel_ml = sp[0] * sp[1] * sp[2] / 1000.0;
    for (size_t i = 0; i < n; ++i)
      if (lab[i] >= kCsf) r.volumes_ml[lab[i] - kCsf] += voxel_ml;
    for (int k = 0; k < kClasses; ++k) r.class_means[k] = g.mean[k];
    progress(1.0, "tissue classes");
    return r;
  } catch (const itk::ExceptionObject& e) {
    return Error{"tissue classification failed: " + firstLine(e.GetDescription())};
  }
}

}  // namespace tmsnav
