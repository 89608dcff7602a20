# cmake -DREPORTGEN=path/to/reportgen -DOUT=reportgen.1 -DVERSION=x.y.z -P ManPage.cmake
# Writes a roff man page whose body is the program's --help, verbatim.
foreach(var REPORTGEN OUT VERSION)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "ManPage.cmake: ${var} is not set")
  endif()
endforeach()

function(help_of out)
  execute_process(COMMAND ${CMAKE_COMMAND} -E env --unset=SESAME_API_TOKEN COLUMNS=80
                          ${REPORTGEN} ${ARGN} --help
                  OUTPUT_VARIABLE text RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${REPORTGEN} ${ARGN} --help failed (${rc})")
  endif()
  # roff: a backslash is \e; a line starting with . or ' is a request.
  string(REPLACE "\\" "\\e" text "${text}")
  string(REGEX REPLACE "(^|\n)([.'])" "\\1\\\\&\\2" text "${text}")
  set(${out} "${text}" PARENT_SCOPE)
endfunction()

help_of(main_help)
help_of(mock_help mock-server)
help_of(batch_help batch)
string(TIMESTAMP today "%Y-%m-%d" UTC)
file(WRITE ${OUT} ".TH REPORTGEN 1 \"${today}\" \"reportgen ${VERSION}\" \"User Commands\"
.SH NAME
reportgen \\- attendance reports (XLSX, CSV, CSV.gz) from Sesame HR work entries
.SH SYNOPSIS
.B reportgen
\\-\\-from \\fIYYYY-MM-DD\\fR \\-\\-to \\fIYYYY-MM-DD\\fR [\\fIoptions\\fR]
.br
.B reportgen
\\-\\-month \\fIYYYY-MM\\fR | \\-\\-last\\-month | ... [\\-\\-type payroll] [\\fIoptions\\fR]
.br
.B reportgen batch
\\-\\-config \\fIFILE\\fR \\-\\-from \\fIYYYY-MM-DD\\fR \\-\\-to \\fIYYYY-MM-DD\\fR [\\fIoptions\\fR]
.br
.B reportgen mock-server
[\\fIoptions\\fR]
.SH DESCRIPTION
reportgen fetches the work entries (\"fichajes\") of a period from Sesame HR's
API and writes an attendance report. The token comes from SESAME_API_TOKEN or
\\-\\-token\\-file, never from the command line.
.SH OPTIONS
.nf
${main_help}
.fi
.SH BATCH
.nf
${batch_help}
.fi
.SH MOCK SERVER
.nf
${mock_help}
.fi
.SH SEE ALSO
The README and docs/ of the source distribution.
")
