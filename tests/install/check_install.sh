#!/usr/bin/env bash
# Installs the build into a temporary prefix, then builds and runs programs
# as outside projects would: through CMake (find_package(reportgen), the core
# target and the mock component) and through pkg-config, with exactly the
# README's line. The installed package files must not ask for the CLI's or
# the mock's dependencies.
#   check_install.sh BUILD_DIR SOURCE_DIR            the default (static) build
#   check_install.sh BUILD_DIR SOURCE_DIR --shared   a REPORTGEN_SHARED=ON build
#     (library and mock only; no CLI): libreportgen.so exports the public API
#     only, and the consumers run against it.
set -euo pipefail
build=$1
src=$2
shared=0
[ "${3:-}" = "--shared" ] && shared=1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
prefix=$work/prefix
cmake --install "$build" --prefix "$prefix" >/dev/null
libdir=$(find "$prefix" -name reportgen.pc -printf '%h\n' | head -1)
libdir=$(dirname "$libdir")

if ((shared)); then
  so=$(find "$libdir" -name 'libreportgen.so.*.*.*' | head -1)
  test -n "$so" || { echo "no versioned libreportgen.so installed" >&2; exit 1; }
  test -L "$libdir/libreportgen.so" || { echo "no libreportgen.so namelink" >&2; exit 1; }
  soname=$(readelf -d "$so" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
  [ "$soname" = "libreportgen.so.$(sed -n 's/^#define REPORTGEN_VERSION_MAJOR \([0-9]*\).*/\1/p' \
      "$prefix/include/reportgen/version.hpp").$(sed -n 's/^#define REPORTGEN_VERSION_MINOR \([0-9]*\).*/\1/p' \
      "$prefix/include/reportgen/version.hpp")" ] ||
    { echo "soname '$soname' is not libreportgen.so.MAJOR.MINOR" >&2; exit 1; }
  test ! -e "$libdir/libreportgen.a" || { echo "static library installed beside the shared one" >&2; exit 1; }
  # Only what the headers declare is exported: no internals, none of the
  # code of the dependencies compiled into the library.
  nm -DC --defined-only "$so" > "$work/exports"
  if grep -E "reportgen::detail|simdjson|spdlog|fmt::|nlohmann" "$work/exports" | head -5 | grep .; then
    echo "libreportgen.so exports the symbols above" >&2
    exit 1
  fi
  grep -q " reportgen::ReportGenerator::generate(" "$work/exports" ||
    { echo "libreportgen.so does not export ReportGenerator::generate" >&2; exit 1; }
  # The consumers below find it at run time here.
  export LD_LIBRARY_PATH="$libdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
fi

generator=()
command -v ninja >/dev/null && generator=(-G Ninja)

# CMake, core only.
mkdir "$work/core"
cp "$src/tests/install/CMakeLists.txt.in" "$work/core/CMakeLists.txt"
cmake -S "$work/core" -B "$work/core/build" "${generator[@]}" -DCMAKE_PREFIX_PATH="$prefix" \
  -DEXAMPLE="$src/tests/install/consumer_core.cpp" >/dev/null
cmake --build "$work/core/build" >/dev/null
"$work/core/build/consumer" > "$work/out_core"
grep -q "^reportgen [0-9.]*: Empleado,Horas" "$work/out_core"

# CMake, with the mock server component (the example runs a report against it).
mkdir "$work/mock"
cp "$src/tests/install/CMakeLists.txt.in" "$work/mock/CMakeLists.txt"
cmake -S "$work/mock" -B "$work/mock/build" "${generator[@]}" -DCMAKE_PREFIX_PATH="$prefix" \
  -DEXAMPLE="$src/examples/custom_sink.cpp" -DWITH_MOCK=ON >/dev/null
cmake --build "$work/mock/build" >/dev/null
"$work/mock/build/consumer" > "$work/out_mock"
grep -q "rows; columns: \[Employee\]" "$work/out_mock"

# pkg-config, exactly as the README says: `pkg-config --cflags --libs reportgen`.
export PKG_CONFIG_PATH="$libdir/pkgconfig"
flags="$(pkg-config --cflags --libs reportgen)"
g++ -std=c++20 -O1 "$src/tests/install/consumer_core.cpp" -o "$work/pc_consumer" $flags
"$work/pc_consumer" > "$work/out_pc"
grep -q "^reportgen [0-9.]*: Empleado,Horas" "$work/out_pc"
if ((shared)); then
  readelf -d "$work/pc_consumer" > "$work/pc_dynamic"
  grep -q "NEEDED.*\[$soname\]" "$work/pc_dynamic" ||
    { echo "the pkg-config consumer does not link $soname" >&2; exit 1; }
fi
# The consumer's compile flags are the headers' directory: none of the
# dependencies' defines (spdlog's, simdjson's), which the headers do not need.
cflags=$(pkg-config --cflags reportgen reportgen-mock)
if [[ "$cflags" == *-D* ]]; then
  echo "pkg-config --cflags pushes defines into consumers: $cflags" >&2
  exit 1
fi
# --static links as well, and asks only for libraries Debian ships (not
# libcurl's static-only dependencies such as -llber or -lzstd).
static_libs=$(pkg-config --static --libs reportgen)
if [[ " $static_libs " =~ " -l(lber|ldap|zstd|rtmp|ssh2|psl|gssapi_krb5|brotlidec|nghttp2|idn2) " ]]; then
  echo "pkg-config --static asks for libcurl's private dependencies: $static_libs" >&2
  exit 1
fi
g++ -std=c++20 -O1 "$src/tests/install/consumer_core.cpp" -o "$work/pc_static" \
  $(pkg-config --cflags reportgen) $static_libs
"$work/pc_static" > "$work/out_pc_static"
grep -q "^reportgen [0-9.]*: Empleado,Horas" "$work/out_pc_static"
# The mock component: reportgen-mock.pc (a report against the in-process mock).
g++ -std=c++20 -O1 "$src/examples/custom_sink.cpp" -o "$work/pc_mock" \
  $(pkg-config --cflags --libs reportgen-mock)
"$work/pc_mock" > "$work/out_pc_mock"
grep -q "rows; columns: \[Employee\]" "$work/out_pc_mock"

# Only the library's dependencies: nothing of CLI11; cpp-httplib only for the mock.
cfgdir=$(dirname "$(find "$prefix" -name reportgenConfig.cmake | head -1)")
if grep -qE "(find_package|find_dependency)\(CLI11|CLI11::" "$cfgdir"/*.cmake; then
  echo "installed package files mention CLI11" >&2
  exit 1
fi
if [ -f "$cfgdir/reportgenMockTargets.cmake" ] && grep -q "cpp-httplib" "$libdir/pkgconfig/reportgen.pc"; then
  echo "reportgen.pc asks for cpp-httplib although the mock is a separate library" >&2
  exit 1
fi

# Every installed header compiles on its own, and only the public API is
# installed: none of the machinery (engines, HTTP client, retry policy,
# request budget, decoders, entry store, report builder, cache) and no
# reportgen::detail, which live in the source tree's private headers.
for h in "$prefix"/include/reportgen/*.hpp; do
  printf '#include <reportgen/%s>\n' "$(basename "$h")" > "$work/one_header.cpp"
  g++ -std=c++20 -fsyntax-only -I"$prefix/include" "$work/one_header.cpp" ||
    { echo "installed header $(basename "$h") does not compile on its own" >&2; exit 1; }
done
# Every public class and free function is marked REPORTGEN_API, or the
# shared library would hide it (the mock server is a static library).
api_headers=$(ls "$prefix"/include/reportgen/*.hpp | grep -v '/mock_server.hpp$')
if ! awk -f "$src/tests/install/unmarked_api.awk" $api_headers > "$work/unmarked"; then
  cat "$work/unmarked" >&2
  echo "public declarations above lack REPORTGEN_API (include/reportgen/export.hpp)" >&2
  exit 1
fi
internals='TurboEngine|LegacyEngine|HttpClient|RetryPolicy|RequestBudget|EntryStore|ReportBuilder|PageDecoder|LruTtlCache|namespace reportgen::detail'
if grep -rnE "$internals" "$prefix/include"; then
  echo "installed headers show internals (above)" >&2
  exit 1
fi

# The README's library snippet compiles as it is shown.
awk '/^## The library/{lib=1} lib && /^```cpp/{grab=1; next} grab && /^```/{exit} grab' \
  "$src/README.md" > "$work/readme_snippet.cpp"
grep -q "int main" "$work/readme_snippet.cpp"
g++ -std=c++20 -fsyntax-only "$work/readme_snippet.cpp" $(pkg-config --cflags reportgen)
g++ -std=c++20 -O0 "$work/readme_snippet.cpp" -o "$work/readme_snippet" $flags

if ((shared)); then
  echo "installed shared library: public API only, found through CMake and pkg-config, linked and run"
  exit 0
fi
test -x "$prefix/bin/reportgen"
"$prefix/bin/reportgen" --version > "$work/version"
grep -q "reportgen [0-9]" "$work/version"
test -s "$prefix/share/man/man1/reportgen.1.gz"
test -s "$prefix/share/bash-completion/completions/reportgen"
test -f "$prefix/include/reportgen/version.hpp"
echo "installed library found through CMake and pkg-config, linked and run"
