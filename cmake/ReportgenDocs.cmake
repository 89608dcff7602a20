# The man page is made from the program's own --help at build time, so it
# cannot fall behind the flags; the bash completion reads --help at
# completion time for the same reason.
set(REPORTGEN_MANPAGE ${PROJECT_BINARY_DIR}/reportgen.1)
add_custom_command(OUTPUT ${REPORTGEN_MANPAGE}
  COMMAND ${CMAKE_COMMAND} -DREPORTGEN=$<TARGET_FILE:reportgen_cli> -DOUT=${REPORTGEN_MANPAGE}
          -DVERSION=${PROJECT_VERSION} -P ${PROJECT_SOURCE_DIR}/cmake/ManPage.cmake
  DEPENDS reportgen_cli ${PROJECT_SOURCE_DIR}/cmake/ManPage.cmake
  COMMENT "Generating the reportgen(1) man page from --help")
add_custom_target(reportgen_manpage ALL DEPENDS ${REPORTGEN_MANPAGE})
