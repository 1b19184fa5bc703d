#include "imaging/volume.h"

#include <cmath>
#include <cstring>
#include <filesystem>
#include <limits>
#include <optional>

#include <itkImageFileReader.h>
#include <itkImageIOBase.h>
#include <itkImageIOFactory.h>

#include "core/coords.h"
#include "imaging/dicom_series.h"
#include "imaging/metaimage_header.h"
#include "imaging/nifti_header.h"
#include "imaging/nrrd_header.h"
#include "imaging/voxel_stream.h"

namespace tmsnav {

Eigen::Matrix4d voxelToLps(const itk::ImageBase<3>* image) {
  Eigen::Matrix4d m = Eigen::Matrix4d::Identity();
  const auto& dir = image->GetDirection();
  const auto& sp = image->GetSpacing();
  const auto& org = image->GetOrigin();
  for (int r = 0; r < 3; ++r) {
    for (int c = 0; c < 3; ++c) m(r, c) = dir(r, c) * sp[c];
    m(r, 3) = org[r];
  }
  return m;
}

namespace {
Result<Done> checkHeader(itk::ImageIOBase* io);
}  // namespace

Result<Volume> readWithIo(itk::ImageIOBase* io, const std::string& path) {
  io->SetFileName(path);
  io->ReadImageInformation();
  if (auto ok = checkHeader(io); !ok) return Error{ok.error() + ": " + path};
  auto reader = itk::ImageFileReader<ImageF>::New();
  reader->SetImageIO(io);
  reader->SetFileName(path);
  reader->Update();
  Volume v;
  v.image = reader->GetOutput();
  v.image->DisconnectPipeline();
  v.path = path;
  return v;
}

Eigen::Vector3i Volume::dims() const {
  const auto size = image->GetLargestPossibleRegion().GetSize();
  return {static_cast<int>(size[0]), static_cast<int>(size[1]), static_cast<int>(size[2])};
}

Eigen::Vector3d Volume::spacingMm() const {
  const auto sp = image->GetSpacing();
  return {sp[0], sp[1], sp[2]};
}

Eigen::Matrix4d Volume::voxelToLps() const {
  return tmsnav::voxelToLps(image.GetPointer());
}

Eigen::Matrix<double, 3, 2> Volume::rasBoundsMm() const {
  Eigen::Matrix<double, 3, 2> b;
  b.col(0).setConstant(std::numeric_limits<double>::infinity());
  b.col(1).setConstant(-std::numeric_limits<double>::infinity());
  const Eigen::Vector3i d = dims();
  const Eigen::Matrix4d m = voxelToLps();
  for (int corner = 0; corner < 8; ++corner) {
    const Eigen::Vector4d ijk((corner & 1) ? d.x() - 1 : 0, (corner & 2) ? d.y() - 1 : 0,
                              (corner & 4) ? d.z() - 1 : 0, 1.0);
    const Eigen::Vector3d ras = rasFromLps((m * ijk).head<3>());
    b.col(0) = b.col(0).cwiseMin(ras);
    b.col(1) = b.col(1).cwiseMax(ras);
  }
  return b;
}

namespace {
std::string sourceName(const itk::ImageIOBase* io) {
  const std::string n = io->GetNameOfClass();
  if (n.find("NIfTI") != std::string::npos || n.find("Nifti") != std::string::npos) return "nifti";
  if (n.find("NRRD") != std::string::npos || n.find("Nrrd") != std::string::npos) return "nrrd";
  if (n.find("Meta") != std::string::npos) return "metaimage";
  if (n.find("GDCM") != std::string::npos) return "dicom";
  return n;
}

// Header checks that must pass before ITK allocates the image.
Result<Done> checkHeader(itk::ImageIOBase* io) {
  if (io->GetNumberOfComponents() != 1)
    return Error{"image has " + std::to_string(io->GetNumberOfComponents()) +
                 " components per voxel (RGB or vector); a scalar MRI is required"};
  long double voxels = 1;
  for (unsigned d = 0; d < io->GetNumberOfDimensions(); ++d) {
    if (io->GetDimensions(d) == 0) return Error{"image has a zero-length dimension"};
    if (d < 3) voxels *= io->GetDimensions(d);
    if (d < 3 && !(io->GetSpacing(d) > 0 && std::isfinite(io->GetSpacing(d))))
      return Error{"voxel spacing must be finite and positive"};
  }
  if (voxels > kMaxVoxels) return Error{"image header promises more than 1024^3 voxels"};
  return Done{};
}
}  // namespace

namespace {
// The header's world, not ITK's guess: ITK 5.2 may prefer the qform where the NIfTI
// convention (and nibabel, FSL, SPM) use the sform.
void applyNiftiWorld(Volume& v, const NiftiWorld& world) {
  placeImage(v.image.GetPointer(), world.voxel_to_ras);
  v.source = world.source;
  v.warnings.insert(v.warnings.end(), world.warnings.begin(), world.warnings.end());
}

std::string volumesWarning(std::int64_t volumes) {
  return "4-D volume with " + std::to_string(volumes) + " volumes: using the first";
}

std::optional<VoxelType> niftiVoxelType(int datatype) {
  switch (datatype) {
    case 2:
      return VoxelType::kU8;
    case 256:
      return VoxelType::kI8;
    case 4:
      return VoxelType::kI16;
    case 512:
      return VoxelType::kU16;
    case 8:
      return VoxelType::kI32;
    case 768:
      return VoxelType::kU32;
    case 16:
      return VoxelType::kF32;
    case 64:
      return VoxelType::kF64;
    case 1024:
      return VoxelType::kI64;
    case 1280:
      return VoxelType::kU64;
    default:
      return std::nullopt;
  }
}

// ITK 5.2 reads NIfTI-1 only: tmsnav decodes NIfTI-2 voxels itself (the first volume).
Result<Volume> readNifti2(const std::string& path, const NiftiHeader& h, const NiftiWorld& world) {
  const auto type = niftiVoxelType(h.datatype);
  if (!type)
    return Error{"NIfTI datatype " + std::to_string(h.datatype) + " is not supported: " + path};
  PayloadSource source;
  source.path = niftiImageFile(path, h);
  source.compression = sniffGzip(source.path);
  source.skip = static_cast<std::int64_t>(h.vox_offset);
  VoxelLayout layout;
  layout.dims = {static_cast<int>(h.dim[1]), static_cast<int>(h.dim[2]),
                 static_cast<int>(h.dim[3])};
  layout.type = *type;
  layout.big_endian = h.big_endian;
  if (h.scl_slope != 0 && std::isfinite(h.scl_slope)) {  // as nibabel: 0 or NaN means unscaled
    layout.slope = h.scl_slope;
    layout.intercept = std::isfinite(h.scl_inter) ? h.scl_inter : 0.0;
  }
  auto image = readFirstVolume(source, layout);
  if (!image) return Error{image.error() + ": " + path};
  Volume v;
  v.image = *image;
  v.path = path;
  applyNiftiWorld(v, world);
  if (h.volumes() > 1) v.warnings.push_back(volumesWarning(h.volumes()));
  return v;
}

Result<Volume> loadWithItk(const std::string& path) {
  std::optional<NiftiWorld> world;
  if (looksLikeNifti(path)) {
    auto checked = checkNiftiFile(path);
    if (!checked) return Error{checked.error()};
    auto w = niftiWorld(*checked);
    if (!w) return Error{w.error() + ": " + path};
    if (checked->version == 2) return readNifti2(path, *checked, *w);
    world = *w;
  }
  if (looksLikeNrrd(path)) {
    auto nrrd = checkNrrdFile(path);
    if (!nrrd) return Error{nrrd.error()};
    if (nrrd->read_by_tmsnav) return readNrrd(*nrrd, path);
  }
  if (looksLikeMetaImage(path)) {
    if (auto ok = checkMetaImageFile(path); !ok) return Error{ok.error()};
  }
  auto io =
      itk::ImageIOFactory::CreateImageIO(path.c_str(), itk::CommonEnums::IOFileMode::ReadMode);
  if (!io) return Error{"not a readable image format: " + path};
  auto read = readWithIo(io, path);
  if (!read) return read;
  Volume& v = *read;
  v.source = sourceName(io);
  if (io->GetNumberOfDimensions() > 3 && io->GetDimensions(3) > 1)
    v.warnings.push_back(volumesWarning(io->GetDimensions(3)));
  if (world) applyNiftiWorld(v, *world);
  return read;
}
}  // namespace

Result<Volume> loadVolume(const std::string& path, const LoadOptions& options) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return Error{"no such file: " + path};
  const bool folder = std::filesystem::is_directory(path, ec);
  if (!folder && std::filesystem::file_size(path, ec) == 0) return Error{"empty file: " + path};
  try {
    Result<Volume> v = Error{""};
    if (folder || !options.series_uid.empty())
      v = loadDicomSeries(path, options.series_uid);
    else if (isDicomFile(path))
      v = options.dicom_file_alone ? loadDicomFile(path) : loadDicomSeries(path, "");
    else
      v = loadWithItk(path);
    if (!v) return v;
    if (std::abs(v->voxelToLps().topLeftCorner<3, 3>().determinant()) < 1e-12)
      return Error{"voxel-to-world matrix is singular: " + path};
    return v;
  } catch (const itk::ExceptionObject& e) {
    return Error{"cannot read " + path + ": " + firstLine(e.GetDescription())};
  } catch (const std::bad_alloc&) {
    return Error{"not enough memory to load " + path};
  }
}

std::string axisCodes(const Eigen::Matrix4d& voxel_to_ras) {
  std::string codes;
  for (int c = 0; c < 3; ++c) {
    const Eigen::Vector3d axis = voxel_to_ras.block<3, 1>(0, c);
    int best = 0;
    axis.cwiseAbs().maxCoeff(&best);
    codes += (axis[best] >= 0 ? "RAS" : "LPI")[best];
  }
  return codes;
}

std::string Volume::orientation() const {
  return axisCodes(rasMatrixFromLps(voxelToLps()));
}

std::string Volume::patientId() const {
  for (const auto& s : series)
    if (s.uid == series_uid && !s.patient_id.empty()) return s.patient_id;
  std::filesystem::path p(path);
  if (p.filename().empty()) p = p.parent_path();  // "dicom/" is the folder "dicom"
  std::string name = p.filename().string();
  for (const char* ext : {".nii.gz", ".nii", ".nrrd", ".nhdr", ".mha", ".mhd", ".dcm"})
    if (name.size() > std::strlen(ext) && name.ends_with(ext)) {
      name.resize(name.size() - std::strlen(ext));
      break;
    }
  return name.empty() ? std::string("unknown") : name;
}

Result<Volume> loadHeadVolume(const std::string& path, const std::string& series_uid) {
  LoadOptions options;
  options.series_uid = series_uid;
  options.dicom_file_alone = false;
  auto v = loadVolume(path, options);
  if (!v) return v;
  const Eigen::Vector3i d = v->dims();
  if (d.minCoeff() < kMinHeadSlices)
    return Error{"a head volume needs at least " + std::to_string(kMinHeadSlices) +
                 " slices along every axis; " + path + " has " + std::to_string(d.x()) + "x" +
                 std::to_string(d.y()) + "x" + std::to_string(d.z())};
  if (v->spacingMm().maxCoeff() > kThickSliceMm)
    v->warnings.push_back("voxels are " + std::to_string(v->spacingMm().maxCoeff()).substr(0, 4) +
                          " mm thick along one axis: surfaces will be coarse there");
  return v;
}

std::string firstLine(const std::string& text) {
  return text.substr(0, text.find('\n'));
}

}  // namespace tmsnav
