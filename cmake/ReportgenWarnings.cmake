function(reportgen_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic)
  if(REPORTGEN_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
  # GCC 12 reports -Wrestrict falsely inside std::string's operator+ (GCC bug
  # 105329); it is fixed in GCC 13. Nothing of ours is silenced by this.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    target_compile_options(${target} PRIVATE -Wno-restrict)
  endif()
  # GCC warns falsely under sanitizers (its own docs); the Release build is
  # the clean one. (Clang has no such warning, and the sanitizer builds may
  # use either compiler.)
  set(no_false_positives "$<$<CXX_COMPILER_ID:GNU>:-Wno-maybe-uninitialized>")
  if(REPORTGEN_SANITIZE)
    target_compile_options(${target} PRIVATE -fsanitize=address,undefined -fno-omit-frame-pointer
                                             -fno-sanitize-recover=undefined ${no_false_positives})
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
  endif()
  if(REPORTGEN_SANITIZE_THREAD)
    target_compile_options(${target} PRIVATE -fsanitize=thread -fno-omit-frame-pointer
                                             ${no_false_positives})
    target_link_options(${target} PRIVATE -fsanitize=thread)
  endif()
endfunction()

# The library, the mock server and the CLI (src/ and cli/) are also held to
# implicit conversions and shadowing, as CLI11 and fmt hold themselves.
function(reportgen_strict_warnings target)
  reportgen_warnings(${target})
  target_compile_options(${target} PRIVATE -Wshadow -Wconversion -Wsign-conversion)
endfunction()
