#!/usr/bin/env bash
# Installs the build into a temporary prefix, then builds and runs programs
# as outside projects would: through CMake (find_package(reportgen), the core
# target and the mock component) and through pkg-config. The installed
# package files must not ask for the CLI's or the mock's dependencies.
#   check_install.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1
src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
prefix=$work/prefix
cmake --install "$build" --prefix "$prefix" >/dev/null

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

# pkg-config: the static library's own dependencies are its Requires.private,
# linked here as the shared libraries Debian ships (`--static` would also ask
# for libcurl's static-only dependencies, which Debian's -dev packages lack).
libdir=$(find "$prefix" -name reportgen.pc -printf '%h\n' | head -1)
export PKG_CONFIG_PATH="$libdir"
private=$(pkg-config --print-requires-private reportgen | awk '{print $1}')
flags="$(pkg-config --cflags --libs reportgen) $(pkg-config --libs $private) -lpthread"
g++ -std=c++20 -O1 "$src/tests/install/consumer_core.cpp" -o "$work/pc_consumer" $flags
"$work/pc_consumer" > "$work/out_pc"
grep -q "^reportgen [0-9.]*: Empleado,Horas" "$work/out_pc"

# Only the library's dependencies: nothing of CLI11; cpp-httplib only for the mock.
cfgdir=$(dirname "$(find "$prefix" -name reportgenConfig.cmake | head -1)")
if grep -qE "(find_package|find_dependency)\(CLI11|CLI11::" "$cfgdir"/*.cmake; then
  echo "installed package files mention CLI11" >&2
  exit 1
fi
if [ -f "$cfgdir/reportgenMockTargets.cmake" ] && grep -q "cpp-httplib" "$libdir/reportgen.pc"; then
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

test -x "$prefix/bin/reportgen"
"$prefix/bin/reportgen" --version > "$work/version"
grep -q "reportgen [0-9]" "$work/version"
test -s "$prefix/share/man/man1/reportgen.1"
test -s "$prefix/share/bash-completion/completions/reportgen"
test -f "$prefix/include/reportgen/version.hpp"
echo "installed library found through CMake and pkg-config, linked and run"
