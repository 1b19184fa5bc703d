#include "imaging/scalp_mesher.h"

#include <algorithm>
#include <cmath>

#include <vtkCellArray.h>
#include <vtkFlyingEdges3D.h>
#include <vtkIdList.h>
#include <vtkImageData.h>
#include <vtkMatrix4x4.h>
#include <vtkNew.h>
#include <vtkPointData.h>
#include <vtkPolyDataNormals.h>
#include <vtkQuadricClustering.h>
#include <vtkTransform.h>
#include <vtkTransformPolyDataFilter.h>
#include <vtkWindowedSincPolyDataFilter.h>
#include <Eigen/LU>

namespace tmsnav {

namespace {
constexpr int kPad = 2;  // zero voxels around the mask so the surface is closed

// The mask in index space with a zero border: VTK 9.1's contour filters ignore image
// direction, so the surface is built on indices and mapped to the world afterwards.
vtkSmartPointer<vtkImageData> paddedIndexImage(const MaskImage* mask) {
  const auto size = mask->GetLargestPossibleRegion().GetSize();
  const int d[3] = {static_cast<int>(size[0]), static_cast<int>(size[1]),
                    static_cast<int>(size[2])};
  auto img = vtkSmartPointer<vtkImageData>::New();
  img->SetDimensions(d[0] + 2 * kPad, d[1] + 2 * kPad, d[2] + 2 * kPad);
  img->SetOrigin(-kPad, -kPad, -kPad);
  img->SetSpacing(1, 1, 1);
  img->AllocateScalars(VTK_UNSIGNED_CHAR, 1);
  auto* out = static_cast<unsigned char*>(img->GetScalarPointer());
  std::fill_n(out, static_cast<size_t>(d[0] + 2 * kPad) * (d[1] + 2 * kPad) * (d[2] + 2 * kPad), 0);
  const unsigned char* in = mask->GetBufferPointer();
  const long px = d[0] + 2 * kPad, py = d[1] + 2 * kPad;
  for (long k = 0; k < d[2]; ++k)
    for (long j = 0; j < d[1]; ++j) {
      const unsigned char* row = in + (k * d[1] + j) * d[0];
      unsigned char* dst = out + ((k + kPad) * py + (j + kPad)) * px + kPad;
      for (long i = 0; i < d[0]; ++i) dst[i] = row[i] ? 1 : 0;
    }
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

// Clustering leaves non-manifold edges across which vtkPolyDataNormals' consistency pass
// cannot propagate, so whole patches came out wound inward (a coil axis pointing out of
// the head). The mask decides instead: a triangle whose normal's tip is inside and whose
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
}  // namespace

vtkSmartPointer<vtkPolyData> meshFromMask(const MaskImage* mask, const MeshOptions& options,
                                          const Progress& progress) {
  progress(0.0, "surface");
  vtkNew<vtkFlyingEdges3D> contour;
  contour->SetInputData(paddedIndexImage(mask));
  contour->SetValue(0, 0.5);
  contour->ComputeNormalsOff();
  contour->ComputeGradientsOff();

  const Eigen::Matrix4d m = voxelToLps(mask);
  vtkNew<vtkMatrix4x4> index_to_lps;
  for (int r = 0; r < 4; ++r)
    for (int c = 0; c < 4; ++c) index_to_lps->SetElement(r, c, m(r, c));
  vtkNew<vtkTransform> transform;
  transform->SetMatrix(index_to_lps);
  vtkNew<vtkTransformPolyDataFilter> to_world;
  to_world->SetInputConnection(contour->GetOutputPort());
  to_world->SetTransform(transform);

  vtkNew<vtkWindowedSincPolyDataFilter> smooth;
  smooth->SetInputConnection(to_world->GetOutputPort());
  smooth->SetNumberOfIterations(options.smoothing_iterations);
  smooth->SetPassBand(options.passband);
  smooth->NormalizeCoordinatesOn();
  smooth->BoundarySmoothingOff();
  smooth->FeatureEdgeSmoothingOff();
  smooth->NonManifoldSmoothingOn();
  smooth->Update();
  progress(0.5, "decimation");

  // Quadric clustering is linear-time; vtkQuadricDecimation took 3-170 s on heads here.
  double bounds[6];
  smooth->GetOutput()->GetBounds(bounds);
  vtkNew<vtkQuadricClustering> cluster;
  cluster->SetInputConnection(smooth->GetOutputPort());
  cluster->SetNumberOfDivisions(
      std::max(8, static_cast<int>(std::ceil((bounds[1] - bounds[0]) / options.cluster_size_mm))),
      std::max(8, static_cast<int>(std::ceil((bounds[3] - bounds[2]) / options.cluster_size_mm))),
      std::max(8, static_cast<int>(std::ceil((bounds[5] - bounds[4]) / options.cluster_size_mm))));
  cluster->UseInputPointsOff();
  cluster->AutoAdjustNumberOfDivisionsOff();

  cluster->Update();
  vtkSmartPointer<vtkPolyData> clustered = cluster->GetOutput();
  orientCellsOutward(clustered, mask);
  vtkNew<vtkPolyDataNormals> normals;
  normals->SetInputData(clustered);
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
