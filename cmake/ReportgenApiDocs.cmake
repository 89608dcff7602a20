# The API reference: `cmake --build build --target docs` runs Debian's
# doxygen over the installed headers (include/reportgen/*.hpp and the
# generated version.hpp) into build/docs/html. An undocumented public name,
# or any other doxygen warning, fails the target (docs/Doxyfile.in), and
# scripts/test builds it, so CI goes red. Without doxygen there is no docs
# target (scripts/setup installs it).
find_package(Doxygen QUIET)
if(NOT DOXYGEN_FOUND)
  message(STATUS "reportgen: doxygen not found, no docs target (apt-get install doxygen)")
  return()
endif()
set(REPORTGEN_DOCS_OUT ${PROJECT_BINARY_DIR}/docs)
set(REPORTGEN_DOCS_IN
    "\"${PROJECT_SOURCE_DIR}/include/reportgen\" \"${PROJECT_BINARY_DIR}/include/reportgen/version.hpp\"")
set(REPORTGEN_DOCS_STRIP "\"${PROJECT_SOURCE_DIR}/include\" \"${PROJECT_BINARY_DIR}/include\"")
configure_file(${PROJECT_SOURCE_DIR}/docs/Doxyfile.in ${PROJECT_BINARY_DIR}/Doxyfile @ONLY)
file(GLOB _reportgen_public_headers CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/include/reportgen/*.hpp)
add_custom_command(OUTPUT ${REPORTGEN_DOCS_OUT}/html/index.html
  # A failed run leaves no index.html: the next build runs doxygen again.
  COMMAND ${CMAKE_COMMAND} -E rm -rf ${REPORTGEN_DOCS_OUT}/html
  COMMAND sh -c "\"$1\" \"$2\" || { rm -f \"$3\"; exit 1; }" sh ${DOXYGEN_EXECUTABLE}
          ${PROJECT_BINARY_DIR}/Doxyfile ${REPORTGEN_DOCS_OUT}/html/index.html
  DEPENDS ${_reportgen_public_headers} ${PROJECT_BINARY_DIR}/include/reportgen/version.hpp
          ${PROJECT_BINARY_DIR}/Doxyfile
  WORKING_DIRECTORY ${PROJECT_BINARY_DIR}
  COMMENT "API reference (doxygen) into ${REPORTGEN_DOCS_OUT}/html"
  VERBATIM)
add_custom_target(docs DEPENDS ${REPORTGEN_DOCS_OUT}/html/index.html)
