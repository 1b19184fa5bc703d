#pragma once
// The app's study (issue 14): where it is saved, its undo and redo stacks, the recent
// studies list. AppModel runs every planning edit through one path that records what undo
// goes back to and saves the study after it; this class keeps the bookkeeping.
#include <optional>
#include <string>
#include <vector>

#include "io/study_file.h"
#include "planning/target_list.h"

namespace tmsnav {

// What one undo step restores.
struct Memento {
  PlannerState planner;
  StudySettings settings;
};

class StudySession {
 public:
  // data_dir: where studies are kept by default and the recent list lives.
  explicit StudySession(std::string data_dir);

  void recordEdit(Memento before);  // one user action, done: undo can go back to before
  // The state to restore, given the current one (which redo then gets back); none:
  // nothing to undo / redo.
  std::optional<Memento> undo(Memento current);
  std::optional<Memento> redo(Memento current);
  void forgetHistory();
  size_t undoDepth() const { return undo_.size(); }
  size_t redoDepth() const { return redo_.size(); }

  const std::string& path() const { return path_; }
  void setPath(std::string path);
  // The default study file of an MRI: <data_dir>/studies/<name>-<first 12 of its SHA-256>.json.
  std::string defaultPathFor(const std::string& mri_path, const std::string& sha256) const;
  // Writes the study atomically to path() and puts it first in the recent list.
  [[nodiscard]] Result<Done> save(const Study& study);
  std::vector<std::string> recent() const;

 private:
  void remember(const std::string& path);

  std::string data_dir_;
  std::string path_;
  std::vector<Memento> undo_, redo_;
};

}  // namespace tmsnav
