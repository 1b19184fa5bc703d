#include "io/exchange.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include <Eigen/SVD>

#include "core/atomic_file.h"
#include "core/coords.h"
#include "io/exchange_formats.h"
#include "tracking/rigid.h"

namespace tmsnav {

Eigen::Matrix3d brainsightAxesFromTmsnav(const Eigen::Matrix3d& r) {
  return r * Eigen::Vector3d(-1, 1, -1).asDiagonal();
}

Eigen::Matrix3d localiteAxesFromTmsnav(const Eigen::Matrix3d& r) {
  Eigen::Matrix3d p;
  p << 0, 0, 1, 0, -1, 0, 1, 0, 0;
  return r * p;
}

Result<Transform<frame::Coil, frame::Mri>> coilPoseFromRas(const Eigen::Matrix4d& m_ras) {
  if (!isFinite(m_ras)) return Error{"a pose with a number that is not finite"};
  auto rigid = toRigid(lpsMatrixFromRas(m_ras));
  if (!rigid) return Error{rigid.error()};
  return Transform<frame::Coil, frame::Mri>(*rigid);
}

Result<Transform<frame::Coil, frame::Mri>> coilPoseFromRoundedRas(const Eigen::Matrix4d& m_ras,
                                                                  double* largest) {
  if (!isFinite(m_ras)) return Error{"a pose with a number that is not finite"};
  const Eigen::Matrix3d r = m_ras.topLeftCorner<3, 3>();
  Eigen::JacobiSVD<Eigen::Matrix3d> svd(r, Eigen::ComputeFullU | Eigen::ComputeFullV);
  Eigen::Matrix3d nearest = svd.matrixU() * svd.matrixV().transpose();
  if (nearest.determinant() < 0) return Error{"the rotation is a reflection (determinant -1)"};
  const double correction = (nearest - r).cwiseAbs().maxCoeff();
  if (correction > kMaxRotationCorrection) {
    char buf[160];
    std::snprintf(buf, sizeof buf,
                  "the rotation is %.4f from the nearest rotation in one element (more than "
                  "rounding: at most %.3f)",
                  correction, kMaxRotationCorrection);
    return Error{buf};
  }
  if (largest) *largest = std::max(*largest, correction);
  Eigen::Matrix4d m = m_ras;
  m.topLeftCorner<3, 3>() = nearest;
  return coilPoseFromRas(m);
}

Eigen::Matrix4d rasFromCoilPose(const Transform<frame::Coil, frame::Mri>& coil_to_mri) {
  return rasMatrixFromLps(coil_to_mri.matrix());
}

Result<ExchangeFormat> parseExchangeFormat(const std::string& name) {
  if (name == "brainsight") return ExchangeFormat::Brainsight;
  if (name == "localite" || name == "localite-instruments")
    return ExchangeFormat::LocaliteInstruments;
  if (name == "localite-triggers") return ExchangeFormat::LocaliteTriggers;
  if (name == "slicer") return ExchangeFormat::Slicer;
  if (name == "csv") return ExchangeFormat::Csv;
  if (name == "ant") return ExchangeFormat::Ant;
  return Error{"unknown format '" + name +
               "' (brainsight, localite-instruments, localite-triggers, slicer, csv, ant)"};
}

namespace {
Result<std::string> readText(const std::string& path) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) return Error{"cannot read " + path + ": " + ec.message()};
  if (size > kMaxExchangeFileBytes) return Error{path + " is too large for a target or pulse list"};
  std::ifstream in(path, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in.good() && !in.eof()) return Error{"cannot read " + path};
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);  // a UTF-8 byte order mark
  return text;
}

Result<Exchange> importFile(const std::string& path) {
  auto text = readText(path);
  if (!text) return Error{text.error()};
  const auto first = text->find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return Error{path + " is empty"};
  Result<Exchange> e = readExchangeByContent(*text, first);
  if (!e) return Error{path + ": " + e.error()};
  return e;
}

// "InstrumentMarker20240902120258147.xml" -> "2024-09-02T12:02:58.147": Localite names each
// snapshot by the time it was written (local time; no zone is written).
std::string timeFromLocaliteName(const std::string& name) {
  const auto digits = name.find_first_of(
      "0123456789", name.rfind('_') == std::string::npos ? 0 : name.rfind('_') + 1);
  if (digits == std::string::npos || name.size() < digits + 17) return "";
  const std::string d = name.substr(digits, 17);
  if (d.find_first_not_of("0123456789") != std::string::npos) return "";
  return d.substr(0, 4) + "-" + d.substr(4, 2) + "-" + d.substr(6, 2) + "T" + d.substr(8, 2) + ":" +
         d.substr(10, 2) + ":" + d.substr(12, 2) + "." + d.substr(14, 3);
}

// "TriggerMarkers_Coil1_2024...": the coil the pulses were made with.
std::string coilFromLocaliteName(const std::string& name) {
  const auto at = name.find("_Coil");
  if (at == std::string::npos) return "";
  const auto end = name.find('_', at + 1);
  return name.substr(at + 1, end == std::string::npos ? std::string::npos : end - at - 1);
}

bool isMarkerFile(const std::filesystem::path& p) {
  const std::string name = p.filename().string();
  return p.extension() == ".xml" &&
         (name.rfind("InstrumentMarker", 0) == 0 || name.rfind("TriggerMarkers", 0) == 0);
}

Result<Exchange> importLocaliteFolder(const std::string& dir) {
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  for (auto it = std::filesystem::recursive_directory_iterator(
           dir, std::filesystem::directory_options::skip_permission_denied, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (!it->is_regular_file(ec) || !isMarkerFile(it->path())) continue;
    if (files.size() == kMaxSessionFiles)
      return Error{dir + " holds more than " + std::to_string(kMaxSessionFiles) + " marker files"};
    files.push_back(it->path());
  }
  if (ec) return Error{"cannot read " + dir + ": " + ec.message()};
  if (files.empty())
    return Error{dir + " holds no Localite InstrumentMarker or TriggerMarkers files"};
  // Latest first, as the file names say; the name breaks ties so the order is fixed.
  std::sort(files.begin(), files.end(), [](const auto& a, const auto& b) {
    const auto ta = timeFromLocaliteName(a.filename().string());
    const auto tb = timeFromLocaliteName(b.filename().string());
    return ta != tb ? ta > tb : a.filename().string() < b.filename().string();
  });
  Exchange all;
  all.format = "localite";
  bool first = true;
  for (const auto& path : files) {
    auto e = importFile(path.string());
    if (!e) return Error{e.error()};
    if (e->format != "localite") return Error{path.string() + " is not a Localite marker file"};
    if (first) all.space = e->space;
    if (e->space != all.space)
      return Error{path.string() + " is in " + e->space + ", other files of " + dir + " in " +
                   all.space + ": one session is in one space"};
    first = false;
    const std::string name = path.lexically_relative(dir).string();
    const std::string when = timeFromLocaliteName(path.filename().string());
    const std::string coil = coilFromLocaliteName(path.filename().string());
    for (auto& t : e->targets) {
      t.file = name;
      t.file_time = when;
      all.targets.push_back(std::move(t));
    }
    for (auto& p : e->pulses) {
      p.file = name;
      p.file_time = when;
      if (p.coil.empty()) p.coil = coil;
      all.pulses.push_back(std::move(p));
    }
    all.placeholders_skipped += e->placeholders_skipped;
  }
  all.warnings.push_back("read " + std::to_string(files.size()) + " marker files, latest first");
  if (all.placeholders_skipped)
    all.warnings.push_back(std::to_string(all.placeholders_skipped) +
                           " placeholder InstrumentMarkers (set=\"false\") left out");
  if (all.space == kMniRas)
    all.warnings.push_back(
        "coordinateSpace MNI: the poses are in MNI space, not on the patient's MRI (give --mri "
        "or --plan to carry them onto the patient)");
  return all;
}
}  // namespace

Result<Exchange> readExchangeByContent(const std::string& text, size_t first) {
  if (text[first] == '<')
    return text.find("<stmp") != std::string::npos && text.find("MarkerList") == std::string::npos
               ? readSoftaxic(text)
               : readLocalite(text);
  if (text[first] == '{')
    return text.find("\"TargetMarkers\"") != std::string::npos ? readAntMarkers(text)
                                                               : readSlicerMarkups(text);
  if (text.compare(first, 18, "# Markups fiducial") == 0) return readSlicerFcsv(text);
  if (text.compare(first, 9, "# Version") == 0 || text.find("# Target Name") != std::string::npos ||
      text.find("# Sample Name") != std::string::npos)
    return readBrainsight(text);
  // tmsnav's CSV, or a spreadsheet's with a header naming the same columns
  const std::string head = text.substr(first, text.find('\n', first) - first);
  if (text.compare(first, 4, "kind") == 0 || text.compare(first, 8, "# tmsnav") == 0 ||
      (head.find(',') != std::string::npos && head.find("x_ras_mm") != std::string::npos))
    return readExchangeCsv(text);
  return Error{
      "not a Brainsight, Localite, ANT Neuro, Softaxic, Slicer (.mrk.json, .fcsv) or CSV file"};
}

Result<Exchange> importExchange(const std::string& path) try {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) return importLocaliteFolder(path);
  return importFile(path);
} catch (const std::exception& x) {  // a JSON field of the wrong type, an allocation refused
  return Error{path + ": not a readable target or pulse list (" + std::string(x.what()) + ")"};
}

Result<Done> exportExchange(const Exchange& e, ExchangeFormat format, const std::string& path) {
  Result<std::string> text = Error{""};
  switch (format) {
    case ExchangeFormat::Brainsight:
      text = writeBrainsight(e);
      break;
    case ExchangeFormat::LocaliteInstruments:
      text = writeLocaliteInstruments(e);
      break;
    case ExchangeFormat::LocaliteTriggers:
      text = writeLocaliteTriggers(e);
      break;
    case ExchangeFormat::Slicer:
      text = writeSlicerMarkups(e);
      break;
    case ExchangeFormat::Csv:
      text = writeExchangeCsv(e);
      break;
    case ExchangeFormat::Ant:
      text = writeAntMarkers(e);
      break;
  }
  if (!text) return Error{text.error()};
  return writeTextAtomically(path, *text);
}

}  // namespace tmsnav
