#pragma once
// Text for the HTML reports: escaped, and numbers to a fixed number of decimals.
#include <cstdio>
#include <optional>
#include <string>

namespace tmsnav {

inline std::string html(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '<')
      out += "&lt;";
    else if (c == '>')
      out += "&gt;";
    else if (c == '&')
      out += "&amp;";
    else if (c == '"')
      out += "&quot;";
    else
      out += c;
  }
  return out;
}

inline std::string fixed(double v, int decimals = 2) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

inline std::string fixed(const std::optional<double>& v, int decimals = 2) {
  return v ? fixed(*v, decimals) : std::string("&ndash;");
}

// The head of a report page: title and the shared table style.
inline std::string htmlHead(const std::string& title) {
  return "<!DOCTYPE html>\n<html lang=en><head><meta charset=utf-8><title>" + html(title) +
         "</title>\n<style>body{font-family:sans-serif;max-width:1100px;margin:auto}"
         "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #999;padding:2px "
         "6px;text-align:right;white-space:nowrap}th{background:#eee}td:first-child{text-align:"
         "left}figure{display:inline-block;margin:0.5em}</style></head><body>\n";
}

}  // namespace tmsnav
