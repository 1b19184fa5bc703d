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
