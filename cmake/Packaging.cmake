# `cmake --install` layout and the Debian package (scripts/package runs cpack).
#   bin/tmsnav, share/tmsnav/assets, share/applications/tmsnav.desktop,
#   share/icons/hicolor/scalable/apps/tmsnav.svg
# The app finds its assets at <exe dir>/../share/tmsnav/assets, in the build tree and
# installed alike.
install(DIRECTORY assets/ DESTINATION share/tmsnav/assets)
install(FILES packaging/tmsnav.desktop DESTINATION share/applications)
install(FILES packaging/tmsnav.svg DESTINATION share/icons/hicolor/scalable/apps)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME tmsnav)
set(CPACK_PACKAGE_VENDOR "tmsnav developers")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "neuronavigation for TMS coil targeting")
set(CPACK_PACKAGE_DESCRIPTION
  "Plans a TMS target on the patient's MRI (click, MNI coordinate, atlas or scalp rule), registers the patient and guides the coil onto the target from an OpenIGTLink tracker, a recording or the simulator.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # tmsnav_<version>_amd64.deb
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "tmsnav developers <tmsnav@users.noreply.github.com>")
set(CPACK_DEBIAN_PACKAGE_SECTION science)
# Libraries: computed from the binary by dpkg-shlibdeps (package dpkg-dev).
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# What no library reveals: the default patient and atlases, the private X server that
# --headless and render start, and the app's fonts.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "mricron-data, xvfb, xauth, fonts-dejavu-core")
include(CPack)
