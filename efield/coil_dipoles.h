#pragma once
// A TMS coil as magnetic dipoles, in the coil frame (docs/frames.md: origin at the centre
// of the casing's scalp face, +z into the head, +y toward the handle; mm).
//
// A planar current loop of radius R is a uniform sheet of z-dipoles over its disc, moment
// I per unit area. A flat spiral of N loops is then a sheet whose density at radius rho is
// the number of loops wider than rho: N inside the innermost loop, one fewer past each
// loop. The winding's height (ribbon wire) is a stack of such sheets, each carrying its
// share of the current. Cells follow the loop radii exactly, so the dipole set carries
// every loop's full area at any resolution; refining only moves where the moment sits.
#include <string>
#include <vector>

#include <Eigen/Core>

namespace tmsnav::efield {

struct Wing {
  Eigen::Vector2d centre_mm = Eigen::Vector2d::Zero();  // in the coil's x-y plane
  double current_sign = 1.0;  // +1: dipole moment along +z (into the head) while dI/dt > 0
};

struct WindingGeometry {
  int turns = 9;                      // per wing
  double inner_loop_radius_mm = 0.0;  // mid-radius of the innermost loop
  double outer_loop_radius_mm = 0.0;  // mid-radius of the outermost loop
  double height_mm = 0.0;             // winding height along z
  double casing_below_mm = 0.0;       // casing between the winding and the scalp face
  std::vector<Wing> wings;
};

// How finely the sheets are cut: cells about cell_mm across, layers sheets over the height.
struct DipoleResolution {
  double cell_mm = 2.0;
  int layers = 3;
};

// Positions in the coil frame (mm), moments per ampere of coil current (m^2).
struct CoilDipoles {
  std::vector<Eigen::Vector3d> positions_mm;
  std::vector<Eigen::Vector3d> moments_m2;
  size_t size() const { return positions_mm.size(); }
};

// Empty when the geometry is unusable (checkWinding says why).
CoilDipoles windingDipoles(const WindingGeometry& w, const DipoleResolution& res);
// Empty string when usable.
std::string checkWinding(const WindingGeometry& w);

// The resolutions used (measured on the 70 mm figure-8 over an 85 mm sphere, 10-30 mm deep,
// within 40 mm of the axis; README, "The field under the coil"): the reference (14,124
// dipoles) differs from a 0.5 mm / 8-layer set (423,424 dipoles) by at most 0.04 % of the
// peak; the live set (536 dipoles) from the reference by at most 0.6 % where |E| is above
// half the peak, 0.4 % of the peak anywhere.
inline constexpr DipoleResolution kReferenceResolution{2.0, 3};
inline constexpr DipoleResolution kLiveResolution{8.0, 1};

}  // namespace tmsnav::efield
