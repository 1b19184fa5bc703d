# Finding third-party code, with a failure that names the Debian package to install.
# Every header or library the build reads is found here (or by a find_package that fails
# the same way), and scripts/check-packages compares what the build actually read with the
# install list in scripts/common.sh.
include_guard(GLOBAL)

# tmsnav_require_package(<CMake package> <Debian package> [find_package arguments...])
macro(tmsnav_require_package name debian)
  find_package(${name} ${ARGN} QUIET)
  if(NOT ${name}_FOUND)
    message(FATAL_ERROR "${name} not found: install the Debian package '${debian}' "
      "(scripts/run and scripts/test install everything that is missing).")
  endif()
endmacro()

# tmsnav_require_header(<variable> <header> <Debian package> [PATH_SUFFIXES ...]): sets
# <variable> to the folder that holds <header>.
function(tmsnav_require_header var header debian)
  find_path(${var} ${header} ${ARGN})
  if(NOT ${var})
    message(FATAL_ERROR "${header} not found: install the Debian package '${debian}' "
      "(scripts/run and scripts/test install everything that is missing).")
  endif()
endfunction()

# tmsnav_require_library(<variable> <library name> <Debian package>)
function(tmsnav_require_library var lib debian)
  find_library(${var} ${lib})
  if(NOT ${var})
    message(FATAL_ERROR "library ${lib} not found: install the Debian package '${debian}' "
      "(scripts/run and scripts/test install everything that is missing).")
  endif()
endfunction()

# tmsnav_require_pkgconfig(<prefix> <pkg-config module> <Debian package>): an IMPORTED
# target PkgConfig::<prefix>.
function(tmsnav_require_pkgconfig prefix module debian)
  find_package(PkgConfig QUIET)
  if(NOT PKG_CONFIG_FOUND)
    message(FATAL_ERROR "pkg-config not found: install the Debian package 'pkg-config'.")
  endif()
  pkg_check_modules(${prefix} QUIET IMPORTED_TARGET GLOBAL ${module})
  if(NOT ${prefix}_FOUND)
    message(FATAL_ERROR "pkg-config module '${module}' not found: install the Debian "
      "package '${debian}'.")
  endif()
endfunction()
