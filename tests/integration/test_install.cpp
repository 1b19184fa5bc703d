// How tmsnav installs (issue 12): its version line, the `cmake --install` layout and the
// Debian package's contents and dependencies.
#include <gtest/gtest.h>

#include <filesystem>
#include <regex>

#include "tests/support/test_support.h"

namespace tmsnav::test {
namespace {

constexpr int kPackageTimeoutS = 600;  // bounds a hang only: cpack strips and compresses

TEST(Version, PrintsVersionAndSourceRevision) {
  const auto r = runTmsnav({"--version"}, 30);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // "tmsnav 0.1.0 (revision 0123456789ab)", "-modified" for uncommitted changes, or
  // "unknown" outside git.
  EXPECT_TRUE(std::regex_search(
      r.out,
      std::regex(
          R"(^tmsnav [0-9]+\.[0-9]+\.[0-9]+ \(revision ([0-9a-f]{7,}(-modified)?|unknown)\))")))
      << r.out;
}

TEST(Install, LaysOutBinaryAssetsDesktopEntryAndIcon) {
  const std::string prefix = freshTempDir("install");
  const auto r =
      runShell(std::string(TMSNAV_CMAKE) + " --install " + TMSNAV_BUILD_DIR + " --prefix " + prefix,
               kPackageTimeoutS);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* f :
       {"bin/tmsnav", "share/tmsnav/assets/coils/figure8_70mm.json",
        "share/tmsnav/assets/mni/fiducials.json", "share/applications/tmsnav.desktop",
        "share/icons/hicolor/scalable/apps/tmsnav.svg"})
    EXPECT_TRUE(std::filesystem::exists(prefix + "/" + f)) << f;
  // The installed binary finds its assets through bin/../share, not the build tree.
  const auto v = runShell(prefix + "/bin/tmsnav --version", 30);
  EXPECT_EQ(v.exit_code, 0) << v.err;
  std::filesystem::remove_all(prefix);
}

std::string debField(const std::string& deb, const std::string& name) {
  return runShell("dpkg-deb -f " + deb + " " + name, 30).out;
}

// One test, because ctest runs each test in its own process and cpack takes a while.
TEST(Package, DebHoldsTheAppAndDependsOnRuntimePackagesOnly) {
  const std::string dir = freshTempDir("package");
  const auto made = runShell("cd " + dir + " && " + TMSNAV_CPACK + " -G DEB --config " +
                                 TMSNAV_BUILD_DIR + "/CPackConfig.cmake -B " + dir,
                             kPackageTimeoutS);
  ASSERT_EQ(made.exit_code, 0) << made.out << made.err;
  std::string deb;
  for (const auto& e : std::filesystem::directory_iterator(dir))
    if (e.path().extension() == ".deb") deb = e.path().string();
  ASSERT_TRUE(std::regex_search(deb, std::regex(R"(/tmsnav_[0-9]+\.[0-9]+\.[0-9]+_amd64\.deb$)")))
      << deb;

  const std::string files = runShell("dpkg-deb -c " + deb, 60).out;
  for (const char* f :
       {"./usr/bin/tmsnav", "./usr/share/tmsnav/assets/coils/figure8_70mm.json",
        "./usr/share/tmsnav/assets/mni/fiducials.json", "./usr/share/applications/tmsnav.desktop",
        "./usr/share/icons/hicolor/scalable/apps/tmsnav.svg"})
    EXPECT_NE(files.find(f), std::string::npos) << f << "\n" << files;
  EXPECT_EQ(files.find("bench"), std::string::npos) << "benchmarks packaged:\n" << files;
  EXPECT_EQ(files.find("tests"), std::string::npos) << "tests packaged:\n" << files;

  const std::string depends = debField(deb, "Depends");
  // Computed from the binary by dpkg-shlibdeps...
  for (const char* lib : {"libvtk9.1", "libinsighttoolkit5", "libglfw3", "libssl3"})
    EXPECT_NE(depends.find(lib), std::string::npos) << lib << " in: " << depends;
  // ...plus what the commands need at run time and no library reveals.
  for (const char* pkg : {"mricron-data", "xvfb", "xauth", "fonts-dejavu-core"})
    EXPECT_NE(depends.find(pkg), std::string::npos) << pkg << " in: " << depends;
  EXPECT_EQ(depends.find("-dev"), std::string::npos) << depends;
  EXPECT_EQ(debField(deb, "Package"), "tmsnav\n");
  EXPECT_EQ(debField(deb, "Architecture"), "amd64\n");
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace tmsnav::test
