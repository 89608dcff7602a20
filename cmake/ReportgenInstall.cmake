include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

install(TARGETS reportgen EXPORT reportgenTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT dev
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT runtime)
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

# pkg-config: `pkg-config --cflags --libs --static reportgen`.
set(REPORTGEN_PC_REQUIRES_PRIVATE "libcurl zlib xlsxwriter simdjson spdlog")
file(RELATIVE_PATH REPORTGEN_PC_TO_PREFIX ${CMAKE_INSTALL_FULL_LIBDIR}/pkgconfig
     ${CMAKE_INSTALL_PREFIX})
string(REGEX REPLACE "/$" "" REPORTGEN_PC_TO_PREFIX "${REPORTGEN_PC_TO_PREFIX}")
configure_file(cmake/reportgen.pc.in ${PROJECT_BINARY_DIR}/reportgen.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/reportgen.pc
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig COMPONENT dev)

if(TARGET reportgen_cli)
  install(TARGETS reportgen_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT runtime)
  install(FILES ${REPORTGEN_MANPAGE} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT runtime)
  install(FILES packaging/bash-completion/reportgen
          DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions COMPONENT runtime)
endif()
install(FILES LICENSE README.md DESTINATION ${CMAKE_INSTALL_DOCDIR} COMPONENT runtime)
