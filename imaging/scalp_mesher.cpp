#include "imaging/scalp_mesher.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include <vtkCellArray.h>
#include <vtkCellArrayIterator.h>
#include <vtkFlyingEdges3D.h>
#include <vtkIdList.h>
#include <vtkImageData.h>
#include <vtkMatrix4x4.h>
#include <vtkNew.h>
#include <vtkPointData.h>
#include <vtkPoints.h>
#include <vtkPolyDataNormals.h>
#include <vtkTransform.h>
#include <vtkTransformPolyDataFilter.h>
#include <vtkWindowedSincPolyDataFilter.h>
#include <Eigen/LU>

#include "imaging/mask_ops.h"
#include "imaging/mesh_decimation.h"
#include "imaging/resample.h"

namespace tmsnav {

namespace {
constexpr int kPad = 2;  // zero voxels around the mask so the surface is closed

// The image in index space with a zero border: VTK 9.1's contour filters ignore image
// direction, so the surface is built on indices and mapped to the world afterwards.
vtkSmartPointer<vtkImageData> paddedIndexImage(const ImageF* image) {
  const auto size = image->GetLargestPossibleRegion().GetSize();
  const long d[3] = {static_cast<long>(size[0]), static_cast<long>(size[1]),
                     static_cast<long>(size[2])};
  const long px = d[0] + 2 * kPad, py = d[1] + 2 * kPad, pz = d[2] + 2 * kPad;
  auto img = vtkSmartPointer<vtkImageData>::New();
  img->SetDimensions(px, py, pz);
  img->SetOrigin(-kPad, -kPad, -kPad);
  img->SetSpacing(1, 1, 1);
  img->AllocateScalars(VTK_FLOAT, 1);
  auto* out = static_cast<float*>(img->GetScalarPointer());
  std::fill_n(out, static_cast<size_t>(px * py * pz), 0.0f);
  const float* in = image->GetBufferPointer();
  for (long k = 0; k < d[2]; ++k)
    for (long j = 0; j < d[1]; ++j)
      std::copy_n(in + (k * d[1] + j) * d[0], d[0],
                  out + ((k + kPad) * py + (j + kPad)) * px + kPad);
  return img;
}

bool insideMask(const MaskImage* mask, const Eigen::Matrix4d& lps_to_index,
                const Eigen::Vector3d& p_lps) {
  const Eigen::Vector3d idx = (lps_to_index * p_lps.homogeneous()).head<3>();
  const auto size = mask->GetLargestPossibleRegion().GetSize();
  long i[3];
  for (int d = 0; d < 3; ++d) {
    i[d] = std::lround(idx[d]);
    if (i[d] < 0 || i[d] >= static_cast<long>(size[d])) return false;
  }
  return mask->GetBufferPointer()[i[0] + size[0] * (i[1] + size[1] * i[2])] != 0;
}

// Clustering (the cortex) leaves non-manifold edges across which vtkPolyDataNormals'
// consistency pass cannot propagate, so whole patches came out wound inward (a coil axis
// pointing out of the head), and a mirroring voxel-to-LPS matrix reverses every contour
// triangle. The mask decides instead: a triangle whose normal's tip is inside and whose
// tail is outside is turned over.
void orientCellsOutward(vtkPolyData* mesh, const MaskImage* mask) {
  const Eigen::Matrix4d lps_to_index = voxelToLps(mask).inverse();
  const auto sp = mask->GetSpacing();
  const double step = 1.5 * std::max({sp[0], sp[1], sp[2]});
  vtkCellArray* polys = mesh->GetPolys();
  vtkNew<vtkIdList> ids;
  for (vtkIdType c = 0; c < polys->GetNumberOfCells(); ++c) {
    polys->GetCellAtId(c, ids);
    if (ids->GetNumberOfIds() != 3) continue;
    Eigen::Vector3d p[3];
    for (int k = 0; k < 3; ++k) mesh->GetPoint(ids->GetId(k), p[k].data());
    const Eigen::Vector3d n = (p[1] - p[0]).cross(p[2] - p[0]).normalized();
    const Eigen::Vector3d centre = (p[0] + p[1] + p[2]) / 3.0;
    if (!n.allFinite()) continue;
    if (insideMask(mask, lps_to_index, centre + step * n) &&
        !insideMask(mask, lps_to_index, centre - step * n)) {
      const vtkIdType flipped[3] = {ids->GetId(0), ids->GetId(2), ids->GetId(1)};
      polys->ReplaceCellAtId(c, 3, flipped);
    }
  }
  polys->Modified();
}

// Points joined by the triangles into pieces (union-find), and the piece with most points.
struct Pieces {
  std::vector<vtkIdType> root;

  explicit Pieces(vtkPolyData* surface) : root(static_cast<size_t>(surface->GetNumberOfPoints())) {
    for (size_t i = 0; i < root.size(); ++i) root[i] = static_cast<vtkIdType>(i);
    std::vector<char> used(root.size(), 0);
    auto cells = vtk::TakeSmartPointer(surface->GetPolys()->NewIterator());
    vtkIdType size = 0;
    const vtkIdType* ids = nullptr;
    for (cells->GoToFirstCell(); !cells->IsDoneWithTraversal(); cells->GoToNextCell()) {
      cells->GetCurrentCell(size, ids);
      for (vtkIdType k = 0; k < size; ++k) {
        used[ids[k]] = 1;
        const vtkIdType a = find(ids[0]), b = find(ids[k]);
        if (a != b) root[std::max(a, b)] = std::min(a, b);
      }
    }
    std::vector<vtkIdType> points_in(root.size(), 0);
    for (size_t i = 0; i < root.size(); ++i)
      if (used[i] && ++points_in[find(vtkIdType(i))] > (largest < 0 ? 0 : points_in[largest]))
        largest = find(vtkIdType(i));
  }

  vtkIdType find(vtkIdType v) {
    while (root[v] != v) v = root[v] = root[root[v]];  // path halving
    return v;
  }

  vtkIdType largest = -1;
};

// A thin strand of the mask can contour, on a coarse grid, as a speck beside the surface
// (the inner skull of a thick-slice series); a ray or a pick must not stop on one. The
// piece with the most points is kept, with its triangles in their input order and its
// points numbered by first use: exactly what vtkPolyDataConnectivityFilter and
// vtkCleanPolyData gave (compared on Colin27, seg3d and the Siemens series), in 0.08 s
// instead of 0.44 s on seg3d's 735k-triangle cortex.
vtkSmartPointer<vtkPolyData> largestPiece(vtkPolyData* surface) {
  Pieces pieces(surface);
  vtkNew<vtkPoints> points;
  points->SetDataType(surface->GetPoints() ? surface->GetPoints()->GetDataType() : VTK_FLOAT);
  vtkNew<vtkCellArray> kept;
  std::vector<vtkIdType> index(pieces.root.size(), -1), cell;
  auto cells = vtk::TakeSmartPointer(surface->GetPolys()->NewIterator());
  vtkIdType size = 0;
  const vtkIdType* ids = nullptr;
  for (cells->GoToFirstCell(); !cells->IsDoneWithTraversal(); cells->GoToNextCell()) {
    cells->GetCurrentCell(size, ids);
    if (size == 0 || pieces.find(ids[0]) != pieces.largest) continue;
    cell.assign(ids, ids + size);
    for (vtkIdType& i : cell) {
      if (index[i] < 0) index[i] = points->InsertNextPoint(surface->GetPoint(i));
      i = index[i];
    }
    kept->InsertNextCell(size, cell.data());
  }
  auto out = vtkSmartPointer<vtkPolyData>::New();
  out->SetPoints(points);
  out->SetPolys(kept);
  return out;
}
}  // namespace

vtkSmartPointer<vtkPolyData> meshFromMask(const MaskImage* mask, const MeshOptions& options,
                                          const Progress& progress) {
  progress(0.0, "surface");
  // On a coarse grid the smoothed mask's 0.5 level is the surface: a marching-cubes
  // contour of a padded image is closed, and each edge has exactly two triangles.
  ImageF::Pointer field = maskAsFloat(mask);
  if (options.contour_grid_mm > 0) field = downsampled(field, options.contour_grid_mm);
  vtkNew<vtkFlyingEdges3D> contour;
  contour->SetInputData(paddedIndexImage(field));
  contour->SetValue(0, 0.5);
  contour->ComputeNormalsOff();
  contour->ComputeGradientsOff();
  contour->ComputeScalarsOff();  // the level is 0.5 everywhere: nothing to carry

  const Eigen::Matrix4d m = voxelToLps(field);
  vtkNew<vtkMatrix4x4> index_to_lps;
  for (int r = 0; r < 4; ++r)
    for (int c = 0; c < 4; ++c) index_to_lps->SetElement(r, c, m(r, c));
  vtkNew<vtkTransform> transform;
  transform->SetMatrix(index_to_lps);
  vtkNew<vtkTransformPolyDataFilter> to_world;
  to_world->SetInputConnection(contour->GetOutputPort());
  to_world->SetTransform(transform);

  to_world->Update();
  vtkSmartPointer<vtkPolyData> surface = largestPiece(to_world->GetOutput());
  if (options.smoothing_iterations > 0) {
    vtkNew<vtkWindowedSincPolyDataFilter> smooth;
    smooth->SetInputData(surface);
    smooth->SetNumberOfIterations(options.smoothing_iterations);
    smooth->SetPassBand(options.passband);
    smooth->NormalizeCoordinatesOn();
    smooth->BoundarySmoothingOff();
    smooth->FeatureEdgeSmoothingOff();
    smooth->NonManifoldSmoothingOn();
    smooth->Update();
    surface = smooth->GetOutput();
  }
  const long budget = options.contour_grid_mm <= 0 ? options.target_triangles
                      : surface->GetNumberOfCells() > options.max_triangles ? options.max_triangles
                                                                            : 0;
  if (budget > 0) {
    progress(0.5, "decimation");
    DecimationOptions decimation;
    decimation.target_triangles = budget;
    surface = decimated(surface, decimation);
  }
  orientCellsOutward(surface, mask);
  vtkNew<vtkPolyDataNormals> normals;
  normals->SetInputData(surface);
  normals->ConsistencyOff();  // the winding is already outward (orientCellsOutward)
  normals->AutoOrientNormalsOff();
  normals->SplittingOff();
  normals->ComputePointNormalsOn();
  normals->ComputeCellNormalsOff();
  normals->Update();
  progress(1.0, "surface");
  vtkSmartPointer<vtkPolyData> out = normals->GetOutput();
  return out;
}

}  // namespace tmsnav
