// The shared fixture that lets several test processes read one Colin27 plan: made once
// whoever asks first, never read half-made, remade when its inputs change.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "tests/support/shared_fixture.h"

using namespace tmsnav::test;
namespace fs = std::filesystem;

namespace {
constexpr int kProcesses = 4;

// A fixture whose making takes a while and counts how often it was made.
std::string slowFixture(const std::string& name, const std::string& input,
                        const std::string& count) {
  return sharedFixture(name, {input}, [&](const std::string& d) {
    std::ofstream(count, std::ios::app) << "made\n";
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    writeFile(d + "/result", "whole");
  });
}

size_t lineCount(const std::string& path) {
  const std::string text = readFile(path);
  return static_cast<size_t>(std::count(text.begin(), text.end(), '\n'));
}
}  // namespace

TEST(SharedFixture, ConcurrentProcessesMakeItOnceAndReadItWhole) {
  const std::string d = freshTempDir("shared-fixture");
  const std::string name = "selftest-" + std::to_string(::getpid());
  const std::string input = d + "/input", count = d + "/count";
  writeFile(input, "a");
  for (int i = 0; i < kProcesses; ++i)
    if (::fork() == 0) {
      const std::string dir = slowFixture(name, input, count);
      ::_exit(readFile(dir + "/result") == "whole" ? 0 : 1);
    }
  for (int i = 0; i < kProcesses; ++i) {
    int status = 0;
    ::wait(&status);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "a process read no whole result";
  }
  EXPECT_EQ(lineCount(count), 1u) << "made more than once";
  // Another input (a newer file) makes it again, and the old one is gone.
  const std::string first = slowFixture(name, input, count);
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  writeFile(input, "bb");
  const std::string second = slowFixture(name, input, count);
  EXPECT_EQ(lineCount(count), 2u);
  EXPECT_NE(first, second);
  EXPECT_FALSE(fs::exists(first));
  fs::remove_all(second);
  fs::remove(fs::path(second).parent_path() / (name + ".lock"));
}
