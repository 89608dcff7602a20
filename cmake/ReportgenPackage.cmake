# `cpack -G DEB` in the build tree: one .deb with the CLI, its man page and
# bash completion, and the library with its headers, CMake package and
# pkg-config file.
set(CPACK_PACKAGE_NAME reportgen)
set(CPACK_PACKAGE_VENDOR "reportgen")
set(CPACK_PACKAGE_CONTACT "reportgen maintainers <maintainers@reportgen.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_GENERATOR DEB)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE ${PROJECT_HOMEPAGE_URL})
# The binary's shared libraries (libcurl, libxlsxwriter, zlib, ...) become
# Depends through dpkg-shlibdeps; linking the static library needs the -dev
# packages, recommended.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS
    "libcurl4-openssl-dev, libsimdjson-dev, nlohmann-json3-dev, libxlsxwriter-dev, zlib1g-dev, libspdlog-dev, libhowardhinnant-date-dev, pkg-config")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "libcpp-httplib-dev")
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGE_DIRECTORY ${PROJECT_BINARY_DIR}/packages)
include(CPack)
