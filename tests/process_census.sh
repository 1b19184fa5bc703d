#!/usr/bin/env bash
# Runs after every other test (ctest fixture cleanup, tests/CMakeLists.txt). Every test
# carries TMSNAV_TEST_RUN=<build folder> in its environment and every process it starts
# inherits it, so a live process that carries it now is one a test left behind (issue 28:
# the OpenIGTLink example servers in their network namespaces, a private Xvfb, a
# serve-igtl). Names them, kills them so they do not pile up, and fails.
set -uo pipefail
marker="TMSNAV_TEST_RUN=$1"
left=()
for env_file in /proc/[0-9]*/environ; do
  pid="${env_file#/proc/}"
  pid="${pid%/environ}"
  [ "$pid" = "$$" ] && continue
  if tr '\0' '\n' <"$env_file" 2>/dev/null | grep -qxF "$marker"; then
    left+=("$pid")
  fi
done
if [ ${#left[@]} -eq 0 ]; then
  echo "no process left behind by the tests of $1"
  exit 0
fi
echo "error: ${#left[@]} process(es) left behind by the tests of $1:" >&2
for pid in "${left[@]}"; do
  echo "  $pid: $(tr '\0' ' ' </proc/"$pid"/cmdline 2>/dev/null)" >&2
done
kill -KILL "${left[@]}" 2>/dev/null
exit 1
