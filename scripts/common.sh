# Shared by scripts/run, scripts/test, scripts/bench and scripts/package: install what is
# missing, configure, build. Sourced, not executed. Long logs go to files under the build
# folder; the terminal gets one line per step (and the relevant lines when a step fails).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${TMSNAV_BUILD_DIR:-$ROOT/build}"
LOG_DIR="$BUILD_DIR/logs"
# Set by scripts/test --sanitize / --tsan before sourcing: cmake options of that build.
EXTRA_CMAKE_ARGS=("${EXTRA_CMAKE_ARGS[@]+"${EXTRA_CMAKE_ARGS[@]}"}")
# ccache keys on paths relative to the clone, so a second clone (CI's) reuses the cache.
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$ROOT}"

# Every Debian package the build, the app and the tests use. scripts/check-packages
# (run by scripts/test) fails when the build reads a package this list does not install.
PACKAGES=(
  # toolchain
  g++ cmake ninja-build ccache pkg-config
  # packaging: dpkg-shlibdeps, and file(1), which CPack runs on the binary
  dpkg-dev file
  # libraries the build compiles and links against
  libvtk9-dev libinsighttoolkit5-dev libgdcm-dev libgdcm-tools libimgui-dev libstb-dev
  libglfw3-dev libglew-dev libgl-dev libeigen3-dev libnanoflann-dev libgtest-dev libgmock-dev
  nlohmann-json3-dev libcli11-dev libssl-dev zlib1g-dev libx11-dev libpugixml-dev
  # bzip2-encoded NRRD volumes (ITK 5.2's NRRD reader is built without bzip2)
  libbz2-dev
  # run time: the default patient and atlases, a private X server, fonts
  mricron-data xvfb xauth fonts-dejavu-core
  # tests: the OpenIGTLink reference servers, network namespaces, dcm2niix (the reference
  # reader the DICOM tests compare geometry with)
  libopenigtlink-dev openigtlink-examples iproute2 util-linux dcm2niix
  # tests: real X key presses and clicks in the GUI tests (issue 30)
  xdotool
  # tests: a read-only folder and a full disk as real mounts (tests/integration/test_crash_safety)
  mount
  # cohort workflows (workflow/Snakefile) and their test
  snakemake)

step() { echo "==> $*" >&2; }

# Runs a command with its output in a log file; on failure shows the log's last lines.
logged() {
  local log="$1"
  shift
  mkdir -p "$(dirname "$log")"
  if ! "$@" >"$log" 2>&1; then
    echo "failed: $* (full log: $log)" >&2
    grep -v '^-- ' "$log" | tail -n 40 >&2
    return 1
  fi
}

install_missing() {
  local missing=()
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  step "installing ${#missing[@]} Debian packages: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  local t0=$SECONDS
  logged "$LOG_DIR/apt-update.log" $sudo apt-get update -q
  logged "$LOG_DIR/apt-install.log" env DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q \
    --no-install-recommends -o DPkg::Lock::Timeout=600 "${missing[@]}"
  step "installed in $((SECONDS - t0)) s"
}

configure() {
  [ -f "$BUILD_DIR/build.ninja" ] && return 0
  local launcher=()
  command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  local t0=$SECONDS
  step "configuring $BUILD_DIR (log: $LOG_DIR/configure.log)"
  # A failed configure leaves no build.ninja behind, so the next run configures again.
  if ! logged "$LOG_DIR/configure.log" cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja \
    -DCMAKE_BUILD_TYPE=Release "${launcher[@]}" "${EXTRA_CMAKE_ARGS[@]}"; then
    rm -f "$BUILD_DIR/build.ninja"
    return 1
  fi
  step "configured in $((SECONDS - t0)) s"
}

# build [target...]: everything by default. Ninja shows one progress line on a terminal.
build() {
  configure
  local t0=$SECONDS
  local targets=()
  for t in "$@"; do targets+=(--target "$t"); done
  step "building ${*:-everything}"
  cmake --build "$BUILD_DIR" -j "$(nproc)" "${targets[@]}" >&2
  step "built in $((SECONDS - t0)) s"
}
