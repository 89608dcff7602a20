#!/usr/bin/env bash
# Installs the build into a temporary prefix, then builds and runs an example
# as an outside project would: find_package(reportgen) and reportgen::reportgen.
#   check_install.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1
src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cmake --install "$build" --prefix "$work/prefix" >/dev/null
mkdir "$work/consumer"
cp "$src/tests/install/CMakeLists.txt.in" "$work/consumer/CMakeLists.txt"
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
cmake -S "$work/consumer" -B "$work/consumer/build" "${generator[@]}" \
  -DCMAKE_PREFIX_PATH="$work/prefix" -DEXAMPLE="$src/examples/custom_sink.cpp" >/dev/null
cmake --build "$work/consumer/build" >/dev/null
"$work/consumer/build/consumer" | grep -q "rows; columns: \[Employee\]"
test -x "$work/prefix/bin/reportgen"
echo "installed library found, linked and run"
