#pragma once
// Spatial queries on one surface (scalp or cortex, LPS mm) with the search structures built
// once, on first use: building them costs 20-100 ms on a 90k-triangle mesh, and a plan
// asks several questions of the same surface. Not thread-safe; the surface must outlive it.
#include <optional>

#include <vtkOBBTree.h>
#include <vtkPolyData.h>
#include <vtkSmartPointer.h>
#include <vtkStaticCellLocator.h>
#include <vtkStaticPointLocator.h>

#include <Eigen/Core>

#include "core/result.h"

namespace tmsnav {

class SurfaceIndex {
 public:
  explicit SurfaceIndex(vtkPolyData* surface_lps) : surface_(surface_lps) {}

  vtkPolyData* surface() const { return surface_; }
  // Builds every search structure now (on a worker thread, before the index is shared).
  void build() const;
  bool empty() const { return !surface_ || surface_->GetNumberOfCells() == 0; }
  // The surface point nearest p, or an error for an empty surface.
  Result<Eigen::Vector3d> nearest(const Eigen::Vector3d& p_lps) const;
  // Mean point normal within radius_mm of p (the nearest vertex's when none is that
  // close). NaN when the surface has no normals.
  Eigen::Vector3d normal(const Eigen::Vector3d& p_lps, double radius_mm) const;
  // The value of a one-component point array at the vertex nearest p, if that vertex is
  // within max_mm and the array exists.
  std::optional<double> valueAt(const char* point_array, const Eigen::Vector3d& p_lps,
                                double max_mm) const;
  // Where a ray from origin along direction first meets the surface, within max_mm.
  std::optional<Eigen::Vector3d> firstHit(const Eigen::Vector3d& origin,
                                          const Eigen::Vector3d& direction, double max_mm) const;

 private:
  vtkStaticCellLocator* cells() const;
  vtkStaticPointLocator* points() const;
  vtkOBBTree* obb() const;

  vtkPolyData* surface_;
  mutable vtkSmartPointer<vtkStaticCellLocator> cells_;
  mutable vtkSmartPointer<vtkStaticPointLocator> points_;
  mutable vtkSmartPointer<vtkOBBTree> obb_;
};

}  // namespace tmsnav
