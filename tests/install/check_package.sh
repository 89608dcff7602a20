#!/usr/bin/env bash
# `cpack -G DEB` from the build tree makes an installable package: the
# binary, library, headers, CMake and pkg-config files, man page and bash
# completion; the extracted binary runs.
#   check_package.sh BUILD_DIR
set -euo pipefail
build=$(cd "$1" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$build" && cpack -G DEB -B "$work/out" >/dev/null)
deb=$(ls "$work"/out/*.deb)
# (grep reads files, not pipes: with pipefail, grep -q closing a pipe early
# would fail the writer.)
dpkg-deb --info "$deb" > "$work/info"
grep -q "Package: reportgen" "$work/info"
grep -q "Depends:.*libcurl" "$work/info"
dpkg-deb -c "$deb" > "$work/list"
for f in ./usr/bin/reportgen ./usr/share/man/man1/reportgen.1 \
         ./usr/share/bash-completion/completions/reportgen ./usr/include/reportgen/reportgen.hpp \
         ./usr/include/reportgen/version.hpp ./usr/lib/.*libreportgen.a \
         ./usr/lib/.*cmake/reportgen/reportgenConfig.cmake ./usr/lib/.*pkgconfig/reportgen.pc \
         ./usr/lib/.*pkgconfig/reportgen-mock.pc; do
  grep -q " $f\$" "$work/list" || { echo "missing in package: $f" >&2; exit 1; }
done
dpkg-deb -x "$deb" "$work/root"
"$work/root/usr/bin/reportgen" --version > "$work/version"
grep -q "reportgen [0-9]" "$work/version"
zcat -f "$work/root/usr/share/man/man1/reportgen.1"* > "$work/man"
grep -q "^\.TH REPORTGEN 1" "$work/man"
# Every command has its synopsis and section (batch and mock-server too).
for section in OPTIONS BATCH "MOCK SERVER"; do grep -q "^\.SH $section" "$work/man"; done
grep -q "^\.B reportgen batch" "$work/man"
bash -c "source '$work/root/usr/share/bash-completion/completions/reportgen' && complete -p reportgen" >/dev/null
echo "package $(basename "$deb") lists and runs"
