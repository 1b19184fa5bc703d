#pragma once
// Outputs several test processes share, made once. ctest runs every test in its own
// process, so a suite's SetUpTestSuite runs once per test: PlanOnColin's four tests
// segmented and planned Colin27 four times (about 18 s each, 90 s and more under ASan).
// A shared fixture is made by the first process that needs it, under a lock, and published
// by a rename once complete; the others wait and read it. Its folder is keyed by the tmsnav
// binary, the test binary and the input files (size and modification time), so outputs of
// another build or another input are never read as this one's; older keys are removed.
#include <functional>
#include <string>
#include <vector>

#include "tests/support/test_support.h"

namespace tmsnav::test {

// The folder holding `name`'s outputs, made by make(folder) when no complete one exists.
// make uses gtest assertions; after a fatal failure in make nothing is published and the
// caller's folder holds what make left (so the failure shows in each test).
// The folders live under TMSNAV_SHARED_FIXTURES (the build folder's test-fixtures/).
std::string sharedFixture(const std::string& name, const std::vector<std::string>& inputs,
                          const std::function<void(const std::string& dir)>& make);

// A command's result kept in a shared fixture: <dir>/<name>.exit, .out and .err.
void saveResult(const std::string& dir, const std::string& name, const CommandResult& r);
CommandResult loadResult(const std::string& dir, const std::string& name);

}  // namespace tmsnav::test
