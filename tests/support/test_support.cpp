#include "tests/support/test_support.h"

#include <signal.h>
#include <stb_image.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace tmsnav::test {

namespace {
std::string shellQuote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += (c == '\'') ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}
}  // namespace

nlohmann::json CommandResult::json() const {
  return nlohmann::json::parse(out, nullptr, false);
}

Background::Background(const std::string& command) {
  int fds[2];
  if (::pipe(fds) != 0) return;
  pid_ = ::fork();
  if (pid_ == 0) {
    ::setpgid(0, 0);
    ::dup2(fds[1], STDOUT_FILENO);
    ::dup2(fds[1], STDERR_FILENO);
    ::close(fds[0]);
    ::close(fds[1]);
    ::execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  if (pid_ > 0) ::setpgid(pid_, pid_);  // both sides: no window before the child's own call
  ::close(fds[1]);
  fd_ = fds[0];
}

Background::~Background() {
  stop();
}

std::string Background::readLine() {
  std::string line;
  char c;
  while (fd_ >= 0 && ::read(fd_, &c, 1) == 1 && c != '\n') line += c;
  return line;
}

std::string Background::finish() {
  std::string rest;
  char buf[512];
  for (ssize_t n; fd_ >= 0 && (n = ::read(fd_, buf, sizeof buf)) > 0;) rest.append(buf, n);
  if (pid_ > 0) ::waitpid(pid_, nullptr, 0);
  pid_ = -1;
  stop();
  return rest;
}

void Background::stop() {
  if (pid_ > 0) {
    ::kill(-pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

void printSampled(size_t kept, size_t all) {
  std::printf("sanitizer build: %zu of %zu cases (the normal build runs all)\n", kept, all);
}

std::string tmsnavBinary() {
  return TMSNAV_BINARY;
}

CommandResult runTmsnav(const std::vector<std::string>& args, int timeout_s,
                        const std::string& env_prefix) {
  std::string cmd = env_prefix + " " + shellQuote(tmsnavBinary());
  for (const auto& a : args) cmd += " " + shellQuote(a);
  return runShell(cmd, timeout_s);
}

CommandResult runShell(const std::string& command, int timeout_s) {
  const std::string dir = freshTempDir("run");
  const std::string cmd = "timeout " + std::to_string(timeout_s) + " sh -c " + shellQuote(command) +
                          " </dev/null >" + dir + "/out 2>" + dir + "/err";
  const int status = std::system(cmd.c_str());
  CommandResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = readFile(dir + "/out");
  r.err = readFile(dir + "/err");
  std::filesystem::remove_all(dir);
  return r;
}

std::string testData(const std::string& relative) {
  const std::string p = std::string(TMSNAV_TEST_DATA) + "/" + relative;
  if (!std::filesystem::exists(p))
    throw std::runtime_error("test data missing: " + p + " (tests/data is part of the repository)");
  return p;
}

std::string ch2() {
  const std::string p = "/usr/share/mricron/templates/ch2.nii.gz";
  if (!std::filesystem::exists(p)) throw std::runtime_error("install mricron-data: " + p);
  return p;
}

std::string freshTempDir(const std::string& name) {
  static int counter = 0;
  const auto d =
      std::filesystem::temp_directory_path() /
      ("tmsnav-test-" + name + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  std::filesystem::remove_all(d);
  std::filesystem::create_directories(d);
  return d.string();
}

std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void writeFile(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
}

Eigen::Vector3d mniLandmark(const std::string& name) {
  std::ifstream in(testData("landmarks/mni_landmarks.csv"));
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    std::stringstream ss(line);
    std::string field[4];
    for (auto& f : field) std::getline(ss, f, ',');
    if (field[0] == name) return {std::stod(field[1]), std::stod(field[2]), std::stod(field[3])};
  }
  throw std::runtime_error("no landmark " + name);
}

Eigen::Vector3d vec(const nlohmann::json& j) {
  return {j.at(0).get<double>(), j.at(1).get<double>(), j.at(2).get<double>()};
}

Eigen::Vector3d Png::at(int x, int y) const {
  const size_t i = (static_cast<size_t>(y) * width + x) * 3;
  return {double(rgb[i]), double(rgb[i + 1]), double(rgb[i + 2])};
}

double Png::fractionNear(int x0, int y0, int x1, int y1, const Eigen::Vector3d& colour,
                         double tolerance) const {
  long hits = 0, total = 0;
  for (int y = y0; y < y1; ++y)
    for (int x = x0; x < x1; ++x, ++total) hits += (at(x, y) - colour).norm() <= tolerance;
  return total ? double(hits) / double(total) : 0.0;
}

double Png::stddev() const {
  double sum = 0, sum2 = 0;
  for (unsigned char c : rgb) sum += c, sum2 += double(c) * c;
  const double n = double(rgb.size());
  return n ? std::sqrt(std::max(0.0, sum2 / n - (sum / n) * (sum / n))) : 0.0;
}

Png readPng(const std::string& path) {
  Png p;
  int channels = 0;
  unsigned char* data = stbi_load(path.c_str(), &p.width, &p.height, &channels, 3);
  if (!data) return Png{};
  p.rgb.assign(data, data + static_cast<size_t>(p.width) * p.height * 3);
  stbi_image_free(data);
  return p;
}

void writeDlpfcPlan(const std::string& path, const std::string& mri_sha256) {
  writeFile(path, R"({"mri_path":"x","mri_sha256":")" + mri_sha256 +
                      R"(","patient_id":"dlpfc-test","targets":[{"name":"t","method":"ras",)"
                      R"("target_ras_mm":[-38,44,26],"entry_ras_mm":[-51,57,35],)"
                      R"("coil_to_mri_ras":[[1,0,0,-51],[0,1,0,57],[0,0,1,35],[0,0,0,1]]}]})");
}

}  // namespace tmsnav::test
