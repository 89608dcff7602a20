# Debian's multiarch library directory (lib/x86_64-linux-gnu), which its
# linker, pkg-config and CMake search under /usr and /usr/local alike, unless
# the builder chose one.
if(NOT DEFINED CMAKE_INSTALL_LIBDIR AND CMAKE_LIBRARY_ARCHITECTURE AND EXISTS /etc/debian_version)
  set(CMAKE_INSTALL_LIBDIR "lib/${CMAKE_LIBRARY_ARCHITECTURE}" CACHE PATH "Object code libraries")
endif()
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

# One kind of library per install: the static one by default, the shared one
# (libreportgen.so.MAJOR.MINOR, its namelink in the dev component) with
# REPORTGEN_SHARED. Either way it is reportgen::reportgen and -lreportgen.
if(REPORTGEN_SHARED)
  set(_reportgen_installed reportgen_shared)
else()
  set(_reportgen_installed reportgen)
endif()
install(TARGETS ${_reportgen_installed} EXPORT reportgenTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT dev
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT runtime NAMELINK_COMPONENT dev)
install(DIRECTORY include/reportgen DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} COMPONENT dev
        PATTERN mock_server.hpp EXCLUDE)
install(FILES ${PROJECT_BINARY_DIR}/include/reportgen/version.hpp
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/reportgen COMPONENT dev)
install(EXPORT reportgenTargets NAMESPACE reportgen::
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/reportgen COMPONENT dev)
# The mock server: its own export set, loaded by find_package(reportgen
# COMPONENTS mock), so that only its users need cpp-httplib.
install(TARGETS reportgen_mock EXPORT reportgenMockTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT dev)
install(FILES include/reportgen/mock_server.hpp
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/reportgen COMPONENT dev)
install(EXPORT reportgenMockTargets NAMESPACE reportgen::
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/reportgen COMPONENT dev)

configure_package_config_file(cmake/reportgenConfig.cmake.in
  ${PROJECT_BINARY_DIR}/reportgenConfig.cmake
  INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/reportgen)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/reportgenConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/reportgenConfig.cmake
              ${PROJECT_BINARY_DIR}/reportgenConfigVersion.cmake
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/reportgen COMPONENT dev)

# pkg-config: `pkg-config --cflags --libs reportgen` links a consumer, as the
# README says. Cflags name only the headers' directory: the installed headers
# include none of the dependencies, so their defines (spdlog's, simdjson's)
# stay out of the consumer. The dependencies are plain -l flags, not
# Requires.private (whose Cflags pkg-config gives even without --static).
# The static library needs them in Libs; the shared one carries them
# (DT_NEEDED), so for it they are Libs.private (--static). They are the
# shared system libraries: Debian lacks static archives for some of
# libcurl's own dependencies (e.g. -llber, -lzstd) and for libdate-tz, so a
# fully static executable is not offered (README "The library").
set(REPORTGEN_PC_DEPS "-lcurl -lxlsxwriter -lpangocairo-1.0 -lpango-1.0 -lgobject-2.0 -lglib-2.0 -lcairo -lsimdjson -lspdlog -lfmt -ldate-tz -licui18n -licuuc -licudata -lz -pthread")
if(REPORTGEN_SHARED)
  set(REPORTGEN_PC_LIBS "-L\${libdir} -lreportgen")
  set(REPORTGEN_PC_LIBS_PRIVATE "${REPORTGEN_PC_DEPS}")
else()
  set(REPORTGEN_PC_LIBS "-L\${libdir} -lreportgen ${REPORTGEN_PC_DEPS}")
  set(REPORTGEN_PC_LIBS_PRIVATE "")
endif()
file(RELATIVE_PATH REPORTGEN_PC_TO_PREFIX ${CMAKE_INSTALL_FULL_LIBDIR}/pkgconfig
     ${CMAKE_INSTALL_PREFIX})
string(REGEX REPLACE "/$" "" REPORTGEN_PC_TO_PREFIX "${REPORTGEN_PC_TO_PREFIX}")
configure_file(cmake/reportgen.pc.in ${PROJECT_BINARY_DIR}/reportgen.pc @ONLY)
# The mock server is a static library either way; it brings cpp-httplib.
configure_file(cmake/reportgen-mock.pc.in ${PROJECT_BINARY_DIR}/reportgen-mock.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/reportgen.pc ${PROJECT_BINARY_DIR}/reportgen-mock.pc
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig COMPONENT dev)

if(TARGET reportgen_cli)
  install(TARGETS reportgen_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT runtime)
  # Gzipped, as Debian's policy wants man pages (ReportgenDocs.cmake).
  install(FILES ${REPORTGEN_MANPAGE}.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT runtime)
  install(FILES packaging/bash-completion/reportgen
          DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions COMPONENT runtime)
endif()
install(FILES LICENSE README.md DESTINATION ${CMAKE_INSTALL_DOCDIR} COMPONENT runtime)
