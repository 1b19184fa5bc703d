#include "imaging/image_io.h"

#include <filesystem>

#include <itkImageFileWriter.h>
#include <vtkNew.h>
#include <vtkOBJWriter.h>
#include <vtkSTLWriter.h>
#include <vtkTransform.h>
#include <vtkTransformPolyDataFilter.h>
#include <vtkXMLPolyDataReader.h>
#include <vtkXMLPolyDataWriter.h>

#include "core/atomic_file.h"

namespace tmsnav {

namespace {
// RAS <-> LPS is a 180 degree turn about z: a rotation, so normals and winding survive.
vtkSmartPointer<vtkPolyData> flipXY(vtkPolyData* mesh) {
  vtkNew<vtkTransform> flip;
  flip->Scale(-1, -1, 1);
  vtkNew<vtkTransformPolyDataFilter> f;
  f->SetInputData(mesh);
  f->SetTransform(flip);
  f->Update();
  vtkSmartPointer<vtkPolyData> out = f->GetOutput();
  return out;
}

bool endsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}
}  // namespace

Result<Done> writeVolume(const ImageF* image, const std::string& path) {
  return replaceAtomically(path, [&](const std::string& tmp) -> std::string {
    try {
      auto writer = itk::ImageFileWriter<ImageF>::New();
      writer->SetInput(image);
      writer->SetFileName(tmp);
      writer->UseCompressionOn();
      writer->Update();
    } catch (const itk::ExceptionObject& e) {
      return "cannot write " + path + ": " + e.GetDescription();
    }
    return "";
  });
}

Result<Done> writeMask(const MaskImage* mask, const std::string& path) {
  return replaceAtomically(path, [&](const std::string& tmp) -> std::string {
    try {
      auto writer = itk::ImageFileWriter<MaskImage>::New();
      writer->SetInput(mask);
      writer->SetFileName(tmp);
      writer->UseCompressionOn();
      // Masks are mostly runs of 0 and 1: fast deflate loses ~10 % size and saves ~4x time.
      writer->SetCompressionLevel(1);
      writer->Update();
    } catch (const itk::ExceptionObject& e) {
      return "cannot write " + path + ": " + e.GetDescription();
    }
    return {};
  });
}

Result<Done> writeMeshRas(vtkPolyData* mesh_lps, const std::string& path) {
  auto ras = flipXY(mesh_lps);
  return replaceAtomically(path, [&](const std::string& tmp) -> std::string {
    int ok = 0;
    if (endsWith(path, ".stl")) {
      vtkNew<vtkSTLWriter> w;
      w->SetInputData(ras);
      w->SetFileName(tmp.c_str());
      w->SetFileTypeToBinary();
      ok = w->Write();
    } else if (endsWith(path, ".obj")) {  // Wavefront OBJ: Blender, MeshLab, many 3-D tools
      vtkNew<vtkOBJWriter> w;
      w->SetInputData(ras);
      w->SetFileName(tmp.c_str());
      ok = w->Write();
    } else {
      vtkNew<vtkXMLPolyDataWriter> w;
      w->SetInputData(ras);
      w->SetFileName(tmp.c_str());
      w->SetDataModeToBinary();
      ok = w->Write();
    }
    return ok ? std::string() : "cannot write mesh " + path;
  });
}

Result<vtkSmartPointer<vtkPolyData>> readMeshRas(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return Error{"no such mesh file: " + path};
  vtkNew<vtkXMLPolyDataReader> r;
  if (!r->CanReadFile(path.c_str())) return Error{"not a VTK XML polydata file: " + path};
  r->SetFileName(path.c_str());
  r->Update();
  if (r->GetOutput()->GetNumberOfCells() == 0) return Error{"mesh has no cells: " + path};
  return flipXY(r->GetOutput());
}

}  // namespace tmsnav
