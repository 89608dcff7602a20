# `cpack -G DEB` in the build tree: two packages, as Debian splits them:
# `reportgen` (the CLI, its gzipped man page and bash completion; the shared
# library in a REPORTGEN_SHARED build) and `libreportgen-dev` (headers, the
# static library or the shared one's namelink, CMake and pkg-config files),
# from the install components `runtime` and `dev` (ReportgenInstall.cmake).
set(CPACK_PACKAGE_NAME reportgen)
set(CPACK_PACKAGE_VENDOR "reportgen")
set(CPACK_PACKAGE_CONTACT "reportgen maintainers <maintainers@reportgen.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_GENERATOR DEB)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE ${PROJECT_HOMEPAGE_URL})
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL runtime dev)
set(CPACK_DEBIAN_RUNTIME_PACKAGE_NAME reportgen)
set(CPACK_DEBIAN_RUNTIME_PACKAGE_SECTION utils)
set(CPACK_COMPONENT_RUNTIME_DESCRIPTION "${PROJECT_DESCRIPTION}: the command-line tool")
# The binary's shared libraries (libcurl, libxlsxwriter, zlib, ...) become
# Depends through dpkg-shlibdeps.
set(CPACK_DEBIAN_RUNTIME_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_DEV_PACKAGE_NAME libreportgen-dev)
set(CPACK_DEBIAN_DEV_PACKAGE_SECTION libdevel)
set(CPACK_COMPONENT_DEV_DESCRIPTION
    "${PROJECT_DESCRIPTION}: headers, library, CMake and pkg-config files")
# Linking the library needs its dependencies' -dev packages.
set(CPACK_DEBIAN_DEV_PACKAGE_DEPENDS
    "libcurl4-openssl-dev, libsimdjson-dev, nlohmann-json3-dev, libxlsxwriter-dev, libpango1.0-dev, libcairo2-dev, fonts-dejavu-core, zlib1g-dev, libspdlog-dev, libhowardhinnant-date-dev, libicu-dev")
set(CPACK_DEBIAN_DEV_PACKAGE_RECOMMENDS "pkg-config")
set(CPACK_DEBIAN_DEV_PACKAGE_SUGGESTS "libcpp-httplib-dev")
if(REPORTGEN_SHARED)
  # The shared library is in `reportgen`: the -dev package needs it.
  set(CPACK_DEBIAN_DEV_PACKAGE_DEPENDS
      "reportgen (= ${PROJECT_VERSION}), ${CPACK_DEBIAN_DEV_PACKAGE_DEPENDS}")
endif()
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGE_DIRECTORY ${PROJECT_BINARY_DIR}/packages)
include(CPack)
