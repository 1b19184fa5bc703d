#pragma once
// Helpers for tests that run the real tmsnav binary and read what it wrote.
#include <string>
#include <vector>

#include <Eigen/Core>
#include <nlohmann/json.hpp>

namespace tmsnav::test {

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
  nlohmann::json json() const;  // stdout parsed as exactly one JSON object (or discarded)
};

// Runs the tmsnav binary with these arguments (no shell interpretation of them).
CommandResult runTmsnav(const std::vector<std::string>& args, int timeout_s = 300,
                        const std::string& env_prefix = "");

// Runs a shell command line; a command still running after timeout_s is killed (exit 124).
CommandResult runShell(const std::string& command, int timeout_s = 300);

// A shell command running in the background in its own process group. The group is killed
// when the object goes (a failed ASSERT included), so a test never leaves it running.
class Background {
 public:
  explicit Background(const std::string& command);  // stdout and stderr read by readLine()
  ~Background();
  Background(const Background&) = delete;
  Background& operator=(const Background&) = delete;
  bool started() const { return pid_ > 0; }
  std::string readLine();  // the next line of output ("" at the end)
  std::string finish();    // the rest of the output, after the command ends by itself
  void stop();             // kills the whole group now

 private:
  int pid_ = -1;
  int fd_ = -1;
};

// True in a sanitizer build (scripts/test --sanitize, --tsan), where our code runs 3 to 5
// times slower. There a test that repeats one code path over many inputs runs a few of
// them (sanitizedSample): a sanitizer reports memory and threading errors of a path, and
// the normal run still checks every input against its expectation.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
inline constexpr bool kSanitizedBuild = true;
#else
inline constexpr bool kSanitizedBuild = false;
#endif

void printSampled(size_t kept, size_t all);
// All of `items` in a normal build; in a sanitizer build `keep` of them, evenly spread with
// the first and the last included (and a line on stdout saying so).
template <class T>
std::vector<T> sanitizedSample(const std::vector<T>& items, size_t keep) {
  if (!kSanitizedBuild || keep >= items.size() || keep < 2) return items;
  std::vector<T> kept;
  for (size_t k = 0; k < keep; ++k) kept.push_back(items[k * (items.size() - 1) / (keep - 1)]);
  printSampled(kept.size(), items.size());
  return kept;
}

std::string tmsnavBinary();
std::string testData(const std::string& relative);  // tests/data/<relative>; must exist
std::string ch2();                                  // mricron-data's Colin27
std::string freshTempDir(const std::string& name);
std::string readFile(const std::string& path);
void writeFile(const std::string& path, const std::string& bytes);
// A landmark of tests/data/landmarks/mni_landmarks.csv by name, in MNI (RAS) mm.
Eigen::Vector3d mniLandmark(const std::string& name);
Eigen::Vector3d vec(const nlohmann::json& j);
// A one-target plan (entry near the left DLPFC of Colin27), for commands that need one;
// mri_sha256 as given (empty: none).
void writeDlpfcPlan(const std::string& path, const std::string& mri_sha256 = "");

struct Png {
  int width = 0, height = 0;
  std::vector<unsigned char> rgb;
  bool ok() const { return width > 0; }
  Eigen::Vector3d at(int x, int y) const;
  // Fraction of pixels in the rectangle whose colour is within `tolerance` of `rgb`.
  double fractionNear(int x0, int y0, int x1, int y1, const Eigen::Vector3d& colour,
                      double tolerance) const;
  double stddev() const;
};
Png readPng(const std::string& path);

}  // namespace tmsnav::test
