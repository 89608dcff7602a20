# The man page is made from the program's own --help at build time, so it
# cannot fall behind the flags; the bash completion reads --help at
# completion time for the same reason.
set(REPORTGEN_MANPAGE ${PROJECT_BINARY_DIR}/reportgen.1)
add_custom_command(OUTPUT ${REPORTGEN_MANPAGE}
  COMMAND ${CMAKE_COMMAND} -DREPORTGEN=$<TARGET_FILE:reportgen_cli> -DOUT=${REPORTGEN_MANPAGE}
          -DVERSION=${PROJECT_VERSION} -P ${PROJECT_SOURCE_DIR}/cmake/ManPage.cmake
  DEPENDS reportgen_cli ${PROJECT_SOURCE_DIR}/cmake/ManPage.cmake
  COMMENT "Generating the reportgen(1) man page from --help")
# Installed gzipped (Debian policy 12.1); -n: no name or time inside, so the
# same page gives the same bytes.
add_custom_command(OUTPUT ${REPORTGEN_MANPAGE}.gz
  COMMAND sh -c "gzip -9nc \"$1\" > \"$2\"" sh ${REPORTGEN_MANPAGE} ${REPORTGEN_MANPAGE}.gz
  DEPENDS ${REPORTGEN_MANPAGE}
  COMMENT "Compressing the man page"
  VERBATIM)
add_custom_target(reportgen_manpage ALL DEPENDS ${REPORTGEN_MANPAGE} ${REPORTGEN_MANPAGE}.gz)
