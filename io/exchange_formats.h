#pragma once
// The readers and writers behind importExchange / exportExchange, one file per format.
// Readers take the file's text; writers return it.
#include <string>

#include "io/exchange.h"

namespace tmsnav {

// Recognises the format by the text from its first non-blank character on.
Result<Exchange> readExchangeByContent(const std::string& text, size_t first);
Result<Exchange> readBrainsight(const std::string& text);
Result<std::string> writeBrainsight(const Exchange& e);
Result<Exchange> readLocalite(const std::string& text);
Result<std::string> writeLocaliteInstruments(const Exchange& e);
Result<std::string> writeLocaliteTriggers(const Exchange& e);
Result<Exchange> readSlicerMarkups(const std::string& text);
Result<std::string> writeSlicerMarkups(const Exchange& e);
Result<Exchange> readSlicerFcsv(const std::string& text);
Result<Exchange> readAntMarkers(const std::string& text);
Result<std::string> writeAntMarkers(const Exchange& e);
Result<Exchange> readSoftaxic(const std::string& text);
Result<Exchange> readExchangeCsv(const std::string& text);
Result<std::string> writeExchangeCsv(const Exchange& e);

// Shared by the text formats: a number with enough digits for 0.01 mm / 0.01 degree
// round trips ("%.6f"), and a strict parse of one (the whole text, finite).
std::string exchangeNumber(double v);
std::optional<double> parseExchangeNumber(const std::string& text);

}  // namespace tmsnav
