#include "app/host_port.h"

#include <stdexcept>

namespace tmsnav {

Result<std::pair<std::string, int>> parseHostPort(const std::string& text) {
  const auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0) return Error{"'" + text + "' is not HOST:PORT"};
  try {
    size_t used = 0;
    const int port = std::stoi(text.substr(colon + 1), &used);
    if (used != text.size() - colon - 1 || port < 1 || port > 65535)
      throw std::out_of_range("port");
    return std::pair{text.substr(0, colon), port};
  } catch (...) {
    return Error{"the port in '" + text + "' must be 1-65535"};
  }
}

}  // namespace tmsnav
