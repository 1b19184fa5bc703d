#include "app/cli/command_word.h"

#include <algorithm>
#include <cctype>
#include <filesystem>

namespace tmsnav {

namespace {
bool endsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Edit distance (insertions, deletions, substitutions), for "did you mean".
size_t editDistance(const std::string& a, const std::string& b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1])});
      diagonal = up;
    }
  }
  return row[b.size()];
}
}  // namespace

bool looksLikeMriPath(const std::string& word) {
  std::error_code ec;
  if (std::filesystem::exists(word, ec) || word.find('/') != std::string::npos) return true;
  const std::string w = lower(word);
  for (const char* ext : {".nii", ".nii.gz", ".nrrd", ".nhdr", ".mha", ".mhd", ".dcm", ".img",
                          ".hdr", ".img.gz", ".hdr.gz"})
    if (endsWith(w, ext)) return true;
  return false;
}

std::optional<std::string> unknownCommandError(const std::string& word,
                                               const std::vector<std::string>& commands) {
  if (looksLikeMriPath(word)) return std::nullopt;
  constexpr size_t kMaxTypos = 2;
  std::string closest;
  size_t best = kMaxTypos + 1;
  for (const auto& c : commands)
    if (const size_t d = editDistance(word, c); d < best) best = d, closest = c;
  std::string message = "unknown command '" + word + "'";
  if (!closest.empty()) message += " (did you mean '" + closest + "'?)";
  message += "; commands:";
  for (size_t i = 0; i < commands.size(); ++i) message += (i ? ", " : " ") + commands[i];
  return message + "; an MRI to open needs a path or an image extension";
}

}  // namespace tmsnav
