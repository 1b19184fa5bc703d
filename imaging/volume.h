#pragma once
// A loaded MRI: ITK image in LPS physical space (mm) plus where it came from. Voxel to
// world is derived from ITK's origin/spacing/direction, the single source of truth.
#include <string>

#include <itkImage.h>

// Declared, not included: itkImageIOBase.h brings ITK transform code (and ITK's bundled
// Eigen) into every file that includes this header.
namespace itk {
class ImageIOBase;
}
#include <Eigen/Core>

#include "core/result.h"
#include "imaging/dicom_series_info.h"

namespace tmsnav {

using ImageF = itk::Image<float, 3>;
using MaskImage = itk::Image<unsigned char, 3>;

struct Volume {
  ImageF::Pointer image;
  std::string path;
  std::string source;  // "nifti-sform", "nifti-qform", "nifti-pixdim", "dicom", "nrrd", "metaimage"
  std::vector<std::string> warnings;
  std::vector<DicomSeriesInfo> series;  // DICOM folders: every series found
  std::string series_uid;               // DICOM folders: the one loaded

  Eigen::Vector3i dims() const;
  Eigen::Vector3d spacingMm() const;
  Eigen::Matrix4d voxelToLps() const;
  // World RAS extent of the voxel centres: rows x, y, z; columns min, max.
  Eigen::Matrix<double, 3, 2> rasBoundsMm() const;
  // nibabel's axis codes: the direction each voxel axis points toward, e.g. "RAS".
  std::string orientation() const;
  // Who this MRI is of: the DICOM PatientID, else the file (or folder) name without its
  // extension. Never empty for a loaded volume.
  std::string patientId() const;
};

struct LoadOptions {
  std::string series_uid;        // DICOM: which series (empty: the T1-like one)
  bool dicom_file_alone = true;  // a .dcm path means that file, not its series
};

// Limits checked from the header before anything is allocated.
constexpr long long kMaxVoxels = 1024LL * 1024LL * 1024LL;
constexpr int kMinHeadSlices = 16;
constexpr double kThickSliceMm = 3.0;  // thicker slices get a warning

Result<Volume> loadVolume(const std::string& path, const LoadOptions& options = {});

// The first line of a multi-line message (ITK's exception descriptions), for one-line errors.
std::string firstLine(const std::string& text);
// For commands that need a head: a DICOM file means its series, and at least
// kMinHeadSlices along every axis.
Result<Volume> loadHeadVolume(const std::string& path, const std::string& series_uid = "");
std::string axisCodes(const Eigen::Matrix4d& voxel_to_ras);

Eigen::Matrix4d voxelToLps(const itk::ImageBase<3>* image);

// Reads one file through the given ImageIO after checking its header (scalar voxels,
// positive finite spacing, at most kMaxVoxels): nothing is allocated for a hostile header.
Result<Volume> readWithIo(itk::ImageIOBase* io, const std::string& path);

}  // namespace tmsnav
