# Shared by scripts/run, scripts/test and scripts/bench: install what is missing, build.
# Sourced, not executed.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${TMSNAV_BUILD_DIR:-$ROOT/build}"

PACKAGES=(g++ cmake ninja-build ccache pkg-config
  libvtk9-dev libinsighttoolkit5-dev libimgui-dev libstb-dev libglfw3-dev libglew-dev
  libeigen3-dev libgtest-dev libgmock-dev nlohmann-json3-dev libcli11-dev libssl-dev
  zlib1g-dev libx11-dev mricron-data xvfb xauth fonts-dejavu-core
  libopenigtlink-dev openigtlink-examples iproute2 util-linux)

install_missing() {
  local missing=()
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "Installing: ${missing[*]}" >&2
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -q >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends \
    -o DPkg::Lock::Timeout=600 "${missing[@]}" >&2
}

build() {
  local launcher=()
  command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  if [ ! -f "$BUILD_DIR/build.ninja" ]; then
    cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release "${launcher[@]}" >&2
  fi
  cmake --build "$BUILD_DIR" -j "$(nproc)" >&2
}
