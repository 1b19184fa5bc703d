#pragma once
// The app takes an optional MRI as its first word and the CLI takes a command name there:
// a misspelt command (`tmsnav segmnt x`) must be refused as one, not opened as an MRI.
#include <optional>
#include <string>
#include <vector>

namespace tmsnav {

// True when `word` can only be meant as an MRI: an existing path, a path with '/', or a
// name with an image extension (.nii, .nii.gz, .nrrd, .nhdr, .mha, .mhd, .dcm, .img, .hdr).
bool looksLikeMriPath(const std::string& word);

// The error for a first word that is neither a command nor an MRI: "unknown command 'W'"
// with the closest command when one is near, and the list of commands. Empty when `word`
// may be an MRI.
std::optional<std::string> unknownCommandError(const std::string& word,
                                               const std::vector<std::string>& commands);

}  // namespace tmsnav
