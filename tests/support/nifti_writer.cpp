#include "tests/support/nifti_writer.h"

#include <cmath>
#include <cstring>
#include <fstream>

#include <stdexcept>

#include <zlib.h>

#include <Eigen/Geometry>

namespace tmsnav::test {

void writeNifti(const std::string& path, const NiftiSpec& spec,
                const std::vector<std::uint8_t>& voxels) {
  std::string h(352, '\0');
  auto put16 = [&](size_t at, int16_t v) { std::memcpy(&h[at], &v, 2); };
  auto put32 = [&](size_t at, int32_t v) { std::memcpy(&h[at], &v, 4); };
  auto putf = [&](size_t at, double v) {
    const float f = static_cast<float>(v);
    std::memcpy(&h[at], &f, 4);
  };
  put32(0, 348);
  const int ndim = spec.dims[3] > 1 ? 4 : 3;
  put16(40, ndim);
  for (int i = 0; i < 4; ++i) put16(42 + 2 * i, spec.dims[i]);
  put16(70, spec.datatype);
  put16(72, spec.bitpix);
  // pixdim from the qform (or sform) column lengths; qfac in pixdim[0].
  const Eigen::Matrix4d& g = spec.qform_code > 0 ? spec.qform : spec.sform;
  Eigen::Matrix3d m = g.topLeftCorner<3, 3>();
  const Eigen::Vector3d spacing(m.col(0).norm(), m.col(1).norm(), m.col(2).norm());
  Eigen::Matrix3d r = m * spacing.cwiseInverse().asDiagonal();
  double qfac = 1.0;
  if (r.determinant() < 0) qfac = -1.0, r.col(2) *= -1.0;
  putf(76, qfac);
  for (int i = 0; i < 3; ++i) putf(80 + 4 * i, spacing[i]);
  putf(92, 1.0);
  putf(108, 352.0);
  put16(252, spec.qform_code);
  put16(254, spec.sform_code);
  Eigen::Quaterniond q(r);
  if (q.w() < 0) q.coeffs() *= -1.0;
  putf(256, q.x()), putf(260, q.y()), putf(264, q.z());
  for (int i = 0; i < 3; ++i) putf(268 + 4 * i, spec.qform(i, 3));
  for (int row = 0; row < 3; ++row)
    for (int c = 0; c < 4; ++c) putf(280 + 16 * row + 4 * c, spec.sform(row, c));
  std::memcpy(&h[344], "n+1\0", 4);
  std::ofstream out(path, std::ios::binary);
  out.write(h.data(), static_cast<std::streamsize>(h.size()));
  out.write(reinterpret_cast<const char*>(voxels.data()),
            static_cast<std::streamsize>(voxels.size()));
}

void writeMovedNifti(const std::string& src, const std::string& dst,
                     const Eigen::Matrix4d& move_ras) {
  gzFile in = gzopen(src.c_str(), "rb");  // reads plain files too
  if (!in) throw std::runtime_error("cannot open " + src);
  std::string bytes;
  char buf[1 << 16];
  int n = 0;
  while ((n = gzread(in, buf, sizeof buf)) > 0) bytes.append(buf, static_cast<size_t>(n));
  gzclose(in);
  if (bytes.size() < 352) throw std::runtime_error(src + " is not a NIfTI-1 file");
  auto get16 = [&](size_t at) {
    int16_t v;
    std::memcpy(&v, &bytes[at], 2);
    return v;
  };
  auto getf = [&](size_t at) {
    float v;
    std::memcpy(&v, &bytes[at], 4);
    return static_cast<double>(v);
  };
  if (get16(254) <= 0) throw std::runtime_error(src + " has no sform");
  Eigen::Matrix4d sform = Eigen::Matrix4d::Identity();
  for (int row = 0; row < 3; ++row)
    for (int c = 0; c < 4; ++c) sform(row, c) = getf(280 + 16 * row + 4 * c);
  const Eigen::Matrix4d moved = move_ras * sform;
  const int16_t off = 0;
  std::memcpy(&bytes[252], &off, 2);  // qform_code: only the sform describes the grid
  for (int row = 0; row < 3; ++row)
    for (int c = 0; c < 4; ++c) {
      const float f = static_cast<float>(moved(row, c));
      std::memcpy(&bytes[280 + 16 * row + 4 * c], &f, 4);
    }
  std::memcpy(&bytes[344], "n+1\0", 4);
  std::ofstream out(dst, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out) throw std::runtime_error("cannot write " + dst);
}

}  // namespace tmsnav::test
