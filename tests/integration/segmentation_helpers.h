#pragma once
// What the segmentation tests share: loading, the MNI templates, a full head model, masks
// compared voxel by voxel (and, from mesh_checks.h, a mesh's open edges and pieces).
#include <stdexcept>

#include "imaging/atlas.h"
#include "imaging/head_model.h"
#include "imaging/mask_ops.h"
#include "tests/support/mesh_checks.h"

namespace tmsnav::test {

inline Volume loadOrDie(const std::string& path) {
  auto v = loadVolume(path);
  if (!v) throw std::runtime_error(v.error());
  return *v;
}

inline const MniTemplates& templates() {
  static const MniTemplates t = [] {
    auto r = loadMniTemplates(kTemplateDir);
    if (!r) throw std::runtime_error(r.error());
    return *r;
  }();
  return t;
}

inline HeadModel modelOf(const Volume& v) {
  auto m = buildFullHeadModel(v, templates(), {});
  if (!m) throw std::runtime_error(m.error());
  return std::move(*m);
}

inline MaskImage::Pointer maskFrom(const ImageF* image, float above) {
  auto m = newMaskLike(image);
  const size_t n = image->GetLargestPossibleRegion().GetNumberOfPixels();
  for (size_t i = 0; i < n; ++i) m->GetBufferPointer()[i] = image->GetBufferPointer()[i] > above;
  return m;
}

// 0 for two empty masks, as for disjoint ones. Grids must match.
inline double dice(const MaskImage* a, const MaskImage* b) {
  const size_t n = a->GetLargestPossibleRegion().GetNumberOfPixels();
  if (n != b->GetLargestPossibleRegion().GetNumberOfPixels())
    throw std::runtime_error("dice: masks on different grids");
  size_t both = 0, na = 0, nb = 0;
  for (size_t i = 0; i < n; ++i) {
    const bool x = a->GetBufferPointer()[i], y = b->GetBufferPointer()[i];
    both += x && y, na += x, nb += y;
  }
  return 2.0 * both / std::max<size_t>(1, na + nb);
}

}  // namespace tmsnav::test
