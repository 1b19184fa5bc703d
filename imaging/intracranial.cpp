#include "imaging/intracranial.h"

#include <algorithm>
#include <vector>

#include "imaging/distance_transform.h"
#include "imaging/mask_ops.h"

namespace tmsnav {

namespace {
// The median raw intensity of white matter: the bias field is smooth, so a global level is
// enough to tell the bright outer wall from the dark band.
std::optional<float> whiteLevel(const ImageF* image, const TissueResult& tissue) {
  const size_t n = image->GetLargestPossibleRegion().GetNumberOfPixels();
  const float* in = image->GetBufferPointer();
  const unsigned char* lab = tissue.labels->GetBufferPointer();
  std::vector<float> white;
  for (size_t i = 0; i < n; ++i)
    if (lab[i] == kWhite) white.push_back(in[i]);
  if (white.empty()) return std::nullopt;
  auto mid = white.begin() + white.size() / 2;
  std::nth_element(white.begin(), mid, white.end());
  return *mid;
}

std::array<double, 3> percentiles(std::vector<double> v) {
  if (v.empty()) return {0.0, 0.0, 0.0};
  std::sort(v.begin(), v.end());
  auto at = [&](double q) { return v[static_cast<size_t>(q * double(v.size() - 1))]; };
  return {at(0.05), at(0.5), at(0.95)};
}

// Skull-plus-scalp and CSF-layer thickness at the mask's boundary voxels over the vault.
void addFigures(IntracranialResult& r, const MaskImage* head, const ImageF* brain_distance,
                const MniRegistration& registration, const IntracranialOptions& o) {
  auto outside_head = newMaskLike(head);
  auto inside_skull = signedDistanceMm(r.mask);
  const size_t n = head->GetLargestPossibleRegion().GetNumberOfPixels();
  for (size_t i = 0; i < n; ++i) outside_head->GetBufferPointer()[i] = !head->GetBufferPointer()[i];
  auto to_scalp = distanceToMaskMm(outside_head);  // inside the head: the depth
  const Eigen::Matrix4d voxel_to_lps = voxelToLps(head);
  const auto size = head->GetLargestPossibleRegion().GetSize();
  std::vector<double> skull, csf;
  const float* d = inside_skull->GetBufferPointer();
  for (size_t i = 0; i < n; ++i) {
    if (!r.mask->GetBufferPointer()[i] || d[i] < -1.0f) continue;  // the boundary layer
    const Eigen::Vector4d index(double(i % size[0]), double((i / size[0]) % size[1]),
                                double(i / (size[0] * size[1])), 1.0);
    const Eigen::Vector3d p_mni = registration.toMni((voxel_to_lps * index).head<3>());
    if (p_mni.z() < o.vault_mni_z_mm) continue;  // LPS z is superior
    skull.push_back(to_scalp->GetBufferPointer()[i]);
    csf.push_back(std::max(0.0f, brain_distance->GetBufferPointer()[i]));
  }
  r.inner_skull_to_scalp_mm = percentiles(std::move(skull));
  r.csf_layer_mm = percentiles(std::move(csf));
}
}  // namespace

Result<IntracranialResult> segmentIntracranial(const Volume& volume, const MaskImage* brain,
                                               const MaskImage* head, const TissueResult& tissue,
                                               const MniRegistration& registration,
                                               const IntracranialOptions& o) {
  try {
    const auto white = whiteLevel(volume.image, tissue);
    if (!white) return Error{"intracranial mask: no white matter was classified"};
    const size_t n = head->GetLargestPossibleRegion().GetNumberOfPixels();
    const float* in = volume.image->GetBufferPointer();
    const unsigned char* b = brain->GetBufferPointer();
    const unsigned char* h = head->GetBufferPointer();
    auto wall = newMaskLike(head);  // the bright layer outside the brain, and the air
    const float bright = static_cast<float>(o.bright_share_of_white) * *white;
    for (size_t i = 0; i < n; ++i) wall->GetBufferPointer()[i] = !h[i] || (!b[i] && in[i] > bright);
    // Only voxels outside the brain and outside the wall are measured, so one-sided
    // distances do: half the time of ITK's signed maps.
    auto to_brain = distanceToMaskMm(brain);  // 0 inside the brain
    auto to_wall = distanceToMaskMm(wall);
    IntracranialResult r;
    r.mask = newMaskLike(head);
    unsigned char* m = r.mask->GetBufferPointer();
    const float* db = to_brain->GetBufferPointer();
    const float* dw = to_wall->GetBufferPointer();
    const auto share = static_cast<float>(o.csf_share);
    for (size_t i = 0; i < n; ++i)
      m[i] = b[i] || (!wall->GetBufferPointer()[i] && db[i] < share * dw[i]);
    fillHoles(r.mask);
    if (keepLargestComponent(r.mask) == 0) return Error{"intracranial mask is empty"};
    r.volume_ml = maskVolumeMl(r.mask);
    addFigures(r, head, to_brain, registration, o);
    return r;
  } catch (const itk::ExceptionObject& e) {
    return Error{"intracranial mask failed: " + firstLine(e.GetDescription())};
  }
}

}  // namespace tmsnav
