#include "app/gui/study_session.h"

#include <cstring>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "core/atomic_file.h"

namespace tmsnav {

namespace {
constexpr size_t kMaxUndo = 200;  // planning edits kept for undo
constexpr size_t kMaxRecent = 10;
constexpr std::uintmax_t kMaxRecentBytes = 1 << 20;
}  // namespace

StudySession::StudySession(std::string data_dir) : data_dir_(std::move(data_dir)) {}

void StudySession::recordEdit(Memento before) {
  undo_.push_back(std::move(before));
  if (undo_.size() > kMaxUndo) undo_.erase(undo_.begin());
  redo_.clear();
}

std::optional<Memento> StudySession::undo(Memento current) {
  if (undo_.empty()) return std::nullopt;
  Memento back = std::move(undo_.back());
  undo_.pop_back();
  redo_.push_back(std::move(current));
  return back;
}

std::optional<Memento> StudySession::redo(Memento current) {
  if (redo_.empty()) return std::nullopt;
  Memento again = std::move(redo_.back());
  redo_.pop_back();
  undo_.push_back(std::move(current));
  return again;
}

void StudySession::forgetHistory() {
  undo_.clear();
  redo_.clear();
}

void StudySession::setPath(std::string path) {
  path_ = std::move(path);
}

std::string StudySession::defaultPathFor(const std::string& mri_path,
                                         const std::string& sha256) const {
  std::string name = std::filesystem::path(mri_path).filename().string();
  for (const char* ext : {".nii.gz", ".nii", ".nrrd", ".mha", ".mhd"})
    if (name.size() > std::strlen(ext) && name.ends_with(ext))
      name.resize(name.size() - std::strlen(ext));
  return data_dir_ + "/studies/" + name + "-" + sha256.substr(0, 12) + ".json";
}

Result<Done> StudySession::save(const Study& study) {
  if (path_.empty()) return Error{"the study has no file yet"};
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(path_).parent_path(), ec);
  if (auto w = writeTextAtomically(path_, studyJson(study)); !w) return w;
  remember(path_);
  return Done{};
}

std::vector<std::string> StudySession::recent() const {
  const std::string list = data_dir_ + "/recent-studies.json";
  std::error_code ec;
  if (std::filesystem::file_size(list, ec) > kMaxRecentBytes || ec) return {};
  std::ifstream in(list);
  const auto j = nlohmann::json::parse(in, nullptr, false);
  std::vector<std::string> out;
  if (!j.is_array()) return out;
  for (const auto& p : j)
    if (p.is_string() && out.size() < kMaxRecent) out.push_back(p.get<std::string>());
  return out;
}

void StudySession::remember(const std::string& path) {
  std::vector<std::string> list = {std::filesystem::absolute(path).lexically_normal().string()};
  for (const auto& p : recent())
    if (p != list.front() && list.size() < kMaxRecent) list.push_back(p);
  std::error_code ec;
  std::filesystem::create_directories(data_dir_, ec);
  (void)writeTextAtomically(data_dir_ + "/recent-studies.json", nlohmann::json(list).dump(2));
}

}  // namespace tmsnav
