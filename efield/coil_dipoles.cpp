#include "efield/coil_dipoles.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace tmsnav::efield {

std::string checkWinding(const WindingGeometry& w) {
  if (w.turns < 1 || w.turns > 1000) return "winding turns must be 1-1000";
  if (!(w.inner_loop_radius_mm > 0) || !(w.outer_loop_radius_mm >= w.inner_loop_radius_mm) ||
      w.outer_loop_radius_mm > 500)
    return "winding loop radii must satisfy 0 < inner <= outer <= 500 mm";
  if (w.turns > 1 && w.outer_loop_radius_mm == w.inner_loop_radius_mm)
    return "several turns need an outer loop radius above the inner one";
  if (!(w.height_mm >= 0) || w.height_mm > 100) return "winding height must be 0-100 mm";
  if (!(w.casing_below_mm >= 0) || w.casing_below_mm > 100)
    return "casing below the winding must be 0-100 mm";
  if (w.wings.empty() || w.wings.size() > 16) return "a coil needs 1-16 wings";
  for (const auto& wing : w.wings)
    if (!wing.centre_mm.allFinite() || wing.centre_mm.norm() > 500 ||
        std::abs(std::abs(wing.current_sign) - 1.0) > 1e-12)
      return "each wing needs a centre within 500 mm and a current sign of +1 or -1";
  return "";
}

namespace {
// Loop radii, innermost first.
std::vector<double> loopRadii(const WindingGeometry& w) {
  std::vector<double> r(w.turns);
  for (int k = 0; k < w.turns; ++k)
    r[k] = w.turns == 1 ? w.inner_loop_radius_mm
                        : w.inner_loop_radius_mm +
                              (w.outer_loop_radius_mm - w.inner_loop_radius_mm) * k / (w.turns - 1);
  return r;
}

// One annulus [r1, r2] of the sheet with the given density (turns), cut into cells about
// cell_mm across; each cell's moment sits at its area centroid.
void addAnnulus(double r1, double r2, double density, double cell_mm, double z_mm, const Wing& wing,
                double share, CoilDipoles& out) {
  const int rings = std::max(1, static_cast<int>(std::ceil((r2 - r1) / cell_mm - 1e-9)));
  for (int i = 0; i < rings; ++i) {
    const double a = r1 + (r2 - r1) * i / rings;
    const double b = r1 + (r2 - r1) * (i + 1) / rings;
    const double rho_mid = 0.5 * (a + b);
    const int segments = std::max(
        a == 0.0 ? 4 : 8, static_cast<int>(std::ceil(2 * std::numbers::pi * rho_mid / cell_mm)));
    const double dphi = 2 * std::numbers::pi / segments;
    const double area_mm2 = 0.5 * (b * b - a * a) * dphi;
    // Centroid of an annular sector: 2/3 (b^3 - a^3)/(b^2 - a^2) sin(dphi/2)/(dphi/2).
    const double rc =
        2.0 / 3.0 * (b * b * b - a * a * a) / (b * b - a * a) * std::sin(dphi / 2) / (dphi / 2);
    const double moment = wing.current_sign * density * share * area_mm2 * 1e-6;  // m^2
    for (int s = 0; s < segments; ++s) {
      const double phi = (s + 0.5) * dphi;
      out.positions_mm.emplace_back(wing.centre_mm.x() + rc * std::cos(phi),
                                    wing.centre_mm.y() + rc * std::sin(phi), z_mm);
      out.moments_m2.emplace_back(0.0, 0.0, moment);
    }
  }
}
}  // namespace

CoilDipoles windingDipoles(const WindingGeometry& w, const DipoleResolution& res) {
  CoilDipoles out;
  if (!checkWinding(w).empty() || !(res.cell_mm > 0.05) || res.layers < 1 || res.layers > 100)
    return out;
  const std::vector<double> radii = loopRadii(w);
  const double share = 1.0 / res.layers;
  for (int layer = 0; layer < res.layers; ++layer) {
    // +z is into the head: the winding lies above (at negative z of) the scalp face.
    const double z_mm = -(w.casing_below_mm + w.height_mm * (layer + 0.5) / res.layers);
    for (const auto& wing : w.wings) {
      addAnnulus(0.0, radii[0], w.turns, res.cell_mm, z_mm, wing, share, out);
      for (int k = 1; k < w.turns; ++k)
        addAnnulus(radii[k - 1], radii[k], w.turns - k, res.cell_mm, z_mm, wing, share, out);
    }
  }
  return out;
}

}  // namespace tmsnav::efield
