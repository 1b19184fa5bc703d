#include "render/coil_model.h"

#include <cmath>
#include <filesystem>
#include <limits>
#include <numbers>
#include <vector>

#include <vtkAppendPolyData.h>
#include <vtkCellArray.h>
#include <vtkCellData.h>
#include <vtkIdList.h>
#include <vtkNew.h>
#include <vtkOBJReader.h>
#include <vtkPointData.h>
#include <vtkPoints.h>
#include <vtkPolyDataNormals.h>
#include <vtkSTLReader.h>
#include <vtkUnsignedCharArray.h>
#include <vtkXMLPolyDataReader.h>
#include <vtkXMLPolyDataWriter.h>

#include "core/atomic_file.h"

namespace tmsnav {

namespace {
constexpr double kPi = std::numbers::pi;
constexpr int kPointsPerWing = 64;  // ~5 degrees apart along a wing's rim
constexpr int kEdgeSteps = 4;       // segments of each rounded rim (22.5 degrees)
constexpr int kHandleSectionPoints = 32;
constexpr int kHandleEndSteps = 4;           // segments of the handle's rounded end
constexpr double kSuperellipsePower = 4.0;   // the handle's section: a rounded rectangle
constexpr double kSmoothAngleDeg = 50.0;     // sharper edges than this are drawn as edges
constexpr double kMaxMeshExtentMm = 1000.0;  // a coil mesh larger than this is no coil's

// Triangles and points of one closed part, built ring by ring.
struct Builder {
  vtkNew<vtkPoints> points;
  vtkNew<vtkCellArray> triangles;

  vtkIdType add(double x, double y, double z) { return points->InsertNextPoint(x, y, z); }
  void triangle(vtkIdType a, vtkIdType b, vtkIdType c) {
    const vtkIdType ids[3] = {a, b, c};
    triangles->InsertNextCell(3, ids);
  }
  // Quads between two rings of n points each (first ids a0 and b0), closed around.
  void band(vtkIdType a0, vtkIdType b0, int n) {
    for (int j = 0; j < n; ++j) {
      const int k = (j + 1) % n;
      triangle(a0 + j, a0 + k, b0 + k);
      triangle(a0 + j, b0 + k, b0 + j);
    }
  }
  void fan(vtkIdType centre, vtkIdType ring0, int n) {
    for (int j = 0; j < n; ++j) triangle(centre, ring0 + (j + 1) % n, ring0 + j);
  }
  // Outward normals (the part is closed), split at sharp edges, every cell tagged `part`.
  vtkSmartPointer<vtkPolyData> finish(unsigned char part) {
    vtkNew<vtkPolyData> mesh;
    mesh->SetPoints(points);
    mesh->SetPolys(triangles);
    vtkNew<vtkUnsignedCharArray> tag;
    tag->SetName(kCoilPartArray);
    tag->SetNumberOfTuples(mesh->GetNumberOfCells());
    tag->FillValue(part);
    mesh->GetCellData()->AddArray(tag);
    vtkNew<vtkPolyDataNormals> normals;
    normals->SetInputData(mesh);
    normals->ConsistencyOn();
    normals->AutoOrientNormalsOn();
    normals->SplittingOn();
    normals->SetFeatureAngle(kSmoothAngleDeg);
    normals->Update();
    vtkSmartPointer<vtkPolyData> out = normals->GetOutput();
    return out;
  }
};

// The outline of two circles of radius r centred at x = +-c (r > c: they overlap), as
// 2 * kPointsPerWing points counter-clockwise from the lower waist (0, -h): the right
// wing's rim outside the left circle, then the left wing's.
std::vector<std::array<double, 2>> figure8Outline(double r, double c) {
  const double phi0 = std::acos(-c / r);  // where the rim meets the other wing
  std::vector<std::array<double, 2>> out;
  for (int j = 0; j < kPointsPerWing; ++j) {
    const double a = -phi0 + 2.0 * phi0 * j / kPointsPerWing;
    out.push_back({c + r * std::cos(a), r * std::sin(a)});
  }
  for (int j = 0; j < kPointsPerWing; ++j) {
    const double a = kPi - phi0 + 2.0 * phi0 * j / kPointsPerWing;
    out.push_back({-c + r * std::cos(a), r * std::sin(a)});
  }
  return out;
}

// The casing: the figure-8 outline from the scalp face (z = 0) to z = -thickness, its two
// rims rounded with edge_radius_mm. The outline is star-shaped about the origin (a ray
// from it leaves the nearer wing once), so each face is a fan from its centre.
vtkSmartPointer<vtkPolyData> casing(const CoilGeometry& g) {
  const double f = g.edge_radius_mm, t = g.casing_thickness_mm;
  std::vector<std::array<double, 2>> profile;  // (inset from the rim, z)
  for (int i = 0; i <= kEdgeSteps; ++i) {      // the scalp-side rim
    const double a = 0.5 * kPi * i / kEdgeSteps;
    profile.push_back({f - f * std::sin(a), -f + f * std::cos(a)});
  }
  for (int i = 0; i <= kEdgeSteps; ++i) {  // the head-averted rim
    const double a = 0.5 * kPi + 0.5 * kPi * i / kEdgeSteps;
    profile.push_back({f - f * std::sin(a), -(t - f) + f * std::cos(a)});
  }
  Builder b;
  const int n = 2 * kPointsPerWing;
  std::vector<vtkIdType> rings;
  for (const auto& [inset, z] : profile) {
    rings.push_back(b.points->GetNumberOfPoints());
    for (const auto& [x, y] : figure8Outline(g.wing_radius_mm - inset, g.wing_centre_mm))
      b.add(x, y, z);
  }
  for (size_t k = 0; k + 1 < rings.size(); ++k) b.band(rings[k], rings[k + 1], n);
  b.fan(b.add(0, 0, profile.front()[1]), rings.front(), n);
  b.fan(b.add(0, 0, profile.back()[1]), rings.back(), n);
  return b.finish(kCasingPart);
}

// Half the casing's extent along y at x = 0 (where the two wings meet).
double waistHalfWidth(const CoilGeometry& g) {
  return std::sqrt(g.wing_radius_mm * g.wing_radius_mm - g.wing_centre_mm * g.wing_centre_mm);
}

// The handle: a rounded-rectangle section along +y, from inside the casing to
// handle_length_mm beyond its edge, with a rounded end; its underside handle_clearance_mm
// above the scalp face's plane.
vtkSmartPointer<vtkPolyData> handle(const CoilGeometry& g) {
  const double a = 0.5 * g.handle_width_mm, h = 0.5 * g.handle_height_mm;
  const double zc = -(g.handle_clearance_mm + h);
  const double end_r = std::min(a, h);
  const double y0 = 0.5 * waistHalfWidth(g);  // starts inside the casing
  const double y1 = waistHalfWidth(g) + g.handle_length_mm;
  auto section = [&](double y, double scale, Builder& b) {
    const vtkIdType first = b.points->GetNumberOfPoints();
    for (int j = 0; j < kHandleSectionPoints; ++j) {
      const double u = 2.0 * kPi * j / kHandleSectionPoints;
      const double cu = std::cos(u), su = std::sin(u);
      const double e = 2.0 / kSuperellipsePower;
      b.add(scale * a * std::copysign(std::pow(std::abs(cu), e), cu), y,
            zc + scale * h * std::copysign(std::pow(std::abs(su), e), su));
    }
    return first;
  };
  Builder b;
  const int n = kHandleSectionPoints;
  std::vector<vtkIdType> rings = {section(y0, 1.0, b), section(y1 - end_r, 1.0, b)};
  for (int i = 1; i < kHandleEndSteps; ++i) {
    const double s = 0.5 * kPi * i / kHandleEndSteps;
    rings.push_back(section(y1 - end_r + end_r * std::sin(s), std::cos(s), b));
  }
  for (size_t k = 0; k + 1 < rings.size(); ++k) b.band(rings[k], rings[k + 1], n);
  b.fan(b.add(0, y0, zc), rings.front(), n);
  b.fan(b.add(0, y1, zc), rings.back(), n);
  return b.finish(kHandlePart);
}

Result<vtkSmartPointer<vtkPolyData>> readMeshFile(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return Error{"no coil mesh file " + path};
  const std::string ext = std::filesystem::path(path).extension().string();
  vtkSmartPointer<vtkPolyData> mesh;
  if (ext == ".stl") {
    vtkNew<vtkSTLReader> r;
    r->SetFileName(path.c_str());
    r->Update();
    mesh = r->GetOutput();
  } else if (ext == ".obj") {
    vtkNew<vtkOBJReader> r;
    r->SetFileName(path.c_str());
    r->Update();
    mesh = r->GetOutput();
  } else {
    vtkNew<vtkXMLPolyDataReader> r;
    if (!r->CanReadFile(path.c_str())) return Error{"coil mesh " + path + " is not a .vtp file"};
    r->SetFileName(path.c_str());
    r->Update();
    mesh = r->GetOutput();
  }
  if (!mesh || mesh->GetNumberOfPolys() == 0) return Error{"coil mesh " + path + " has no faces"};
  double bounds[6];
  mesh->GetBounds(bounds);
  for (double v : bounds)
    if (!std::isfinite(v) || std::abs(v) > kMaxMeshExtentMm)
      return Error{"coil mesh " + path + " reaches beyond 1 m of the coil's centre (not mm?)"};
  if (!mesh->GetPointData()->GetNormals()) {  // a CAD export may have none: shade it anyway
    vtkNew<vtkPolyDataNormals> normals;
    normals->SetInputData(mesh);
    normals->SetFeatureAngle(kSmoothAngleDeg);
    normals->Update();
    mesh = normals->GetOutput();
  }
  return mesh;
}
}  // namespace

std::string checkCoilGeometry(const CoilGeometry& g) {
  for (double v : {g.wing_centre_mm, g.wing_radius_mm, g.casing_thickness_mm, g.handle_length_mm,
                   g.handle_width_mm, g.handle_height_mm})
    if (!(v > 0.0 && v < kMaxMeshExtentMm)) return "a dimension is not between 0 and 1000 mm";
  if (!(g.edge_radius_mm >= 0.0 && 2.0 * g.edge_radius_mm < g.casing_thickness_mm))
    return "edge_radius_mm must be at least 0 and under half the casing's thickness";
  if (!(g.wing_radius_mm - g.edge_radius_mm > g.wing_centre_mm))
    return "the wings do not meet: wing_radius_mm - edge_radius_mm must exceed wing_centre_mm";
  if (!(g.handle_clearance_mm >= 0.0)) return "handle_clearance_mm must be at least 0";
  return {};
}

vtkSmartPointer<vtkPolyData> buildCoilPolyData(const CoilGeometry& g) {
  vtkNew<vtkAppendPolyData> append;
  append->AddInputData(casing(g));
  append->AddInputData(handle(g));
  append->Update();
  vtkSmartPointer<vtkPolyData> out = append->GetOutput();
  return out;
}

Result<vtkSmartPointer<vtkPolyData>> coilMesh(const CoilGeometry& g) {
  if (g.casing_mesh.empty()) {
    if (auto why = checkCoilGeometry(g); !why.empty()) return Error{"coil " + g.name + ": " + why};
    return buildCoilPolyData(g);
  }
  return readMeshFile(g.casing_mesh);
}

Result<Done> writeCoilMesh(vtkPolyData* mesh, const std::string& path) {
  return replaceAtomically(path, [&](const std::string& tmp) -> std::string {
    vtkNew<vtkXMLPolyDataWriter> w;
    w->SetInputData(mesh);
    w->SetFileName(tmp.c_str());
    w->SetDataModeToBinary();
    return w->Write() ? std::string() : "cannot write coil mesh " + path;
  });
}

std::array<double, 6> coilPartBounds(vtkPolyData* mesh, unsigned char part) {
  constexpr double kInf = std::numeric_limits<double>::infinity();
  std::array<double, 6> b = {kInf, -kInf, kInf, -kInf, kInf, -kInf};
  auto* tags = vtkUnsignedCharArray::SafeDownCast(mesh->GetCellData()->GetArray(kCoilPartArray));
  vtkNew<vtkIdList> ids;
  bool any = false;
  for (vtkIdType c = 0; c < mesh->GetNumberOfCells(); ++c) {
    if (tags && tags->GetValue(c) != part) continue;
    mesh->GetCellPoints(c, ids);
    for (vtkIdType i = 0; i < ids->GetNumberOfIds(); ++i) {
      double p[3];
      mesh->GetPoint(ids->GetId(i), p);
      for (int k = 0; k < 3; ++k) {
        b[2 * k] = std::min(b[2 * k], p[k]);
        b[2 * k + 1] = std::max(b[2 * k + 1], p[k]);
      }
      any = true;
    }
  }
  if (!any) b.fill(std::numeric_limits<double>::quiet_NaN());
  return b;
}

}  // namespace tmsnav
