#include "io/exchange.h"

#include <filesystem>
#include <fstream>

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
  return Error{"unknown format '" + name +
               "' (brainsight, localite-instruments, localite-triggers, slicer, csv)"};
}

Result<Exchange> importExchange(const std::string& path) try {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) return Error{"cannot read " + path + ": " + ec.message()};
  if (size > kMaxExchangeFileBytes) return Error{path + " is too large for a target or pulse list"};
  std::ifstream in(path, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in.good() && !in.eof()) return Error{"cannot read " + path};
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);  // a UTF-8 byte order mark
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return Error{path + " is empty"};
  Result<Exchange> e = Error{""};
  if (text[first] == '<')
    e = readLocalite(text);
  else if (text[first] == '{')
    e = readSlicerMarkups(text);
  else if (text.compare(first, 9, "# Version") == 0 ||
           text.find("# Target Name") != std::string::npos ||
           text.find("# Sample Name") != std::string::npos)
    e = readBrainsight(text);
  else if (text.compare(first, 4, "kind") == 0 || text.compare(first, 8, "# tmsnav") == 0)
    e = readExchangeCsv(text);
  else
    return Error{path + " is not a Brainsight, Localite, Slicer markups or tmsnav CSV file"};
  if (!e) return Error{path + ": " + e.error()};
  return e;
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
  }
  if (!text) return Error{text.error()};
  return writeTextAtomically(path, *text);
}

}  // namespace tmsnav
