include(GNUInstallDirs)
include(CMakePackageConfigHelpers)
install(TARGETS reportgen reportgen_mock EXPORT reportgenTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(TARGETS reportgen_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY include/reportgen DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT reportgenTargets NAMESPACE reportgen:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/reportgen)
configure_package_config_file(cmake/reportgenConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/reportgenConfig.cmake
  INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/reportgen)
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/reportgenConfigVersion.cmake
  COMPATIBILITY SameMajorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/reportgenConfig.cmake
              ${CMAKE_CURRENT_BINARY_DIR}/reportgenConfigVersion.cmake
              cmake/ReportgenDependencies.cmake
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/reportgen)
