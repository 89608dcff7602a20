#!/usr/bin/env bash
# `cpack -G DEB` from the build tree makes the two packages Debian would:
# `reportgen` (the binary, its gzipped man page, bash completion) and
# `libreportgen-dev` (headers, library, CMake and pkg-config files in the
# multiarch library directory); the extracted binary runs.
#   check_package.sh BUILD_DIR
set -euo pipefail
build=$(cd "$1" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$build" && cpack -G DEB -B "$work/out" >/dev/null)
ls "$work"/out/*.deb > "$work/debs"
[ "$(wc -l < "$work/debs")" -eq 2 ] || { echo "expected two packages:" >&2; cat "$work/debs" >&2; exit 1; }
cli=$(grep '/reportgen_' "$work/debs")
dev=$(grep '/libreportgen-dev_' "$work/debs")
# (grep reads files, not pipes: with pipefail, grep -q closing a pipe early
# would fail the writer.)
dpkg-deb --info "$cli" > "$work/info_cli"
grep -q "Package: reportgen$" "$work/info_cli"
grep -q "Section: utils" "$work/info_cli"
grep -q "Depends:.*libcurl" "$work/info_cli"
dpkg-deb --info "$dev" > "$work/info_dev"
grep -q "Package: libreportgen-dev$" "$work/info_dev"
grep -q "Section: libdevel" "$work/info_dev"
grep -q "Depends:.*libcurl4-openssl-dev" "$work/info_dev"
arch=$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || gcc -print-multiarch)
check_list() {  # package, files (regexes) it must hold, then files it must not
  local deb=$1; shift
  dpkg-deb -c "$deb" > "$work/list"
  local f
  for f in "$@"; do
    case $f in
      !*) ! grep -q " ${f#!}\$" "$work/list" || { echo "$(basename "$deb") holds ${f#!}" >&2; exit 1; } ;;
      *) grep -q " $f\$" "$work/list" || { echo "missing in $(basename "$deb"): $f" >&2; exit 1; } ;;
    esac
  done
}
check_list "$cli" ./usr/bin/reportgen ./usr/share/man/man1/reportgen.1.gz \
  ./usr/share/bash-completion/completions/reportgen '!./usr/include/reportgen/reportgen.hpp'
check_list "$dev" ./usr/include/reportgen/reportgen.hpp ./usr/include/reportgen/version.hpp \
  "./usr/lib/$arch/libreportgen.a" "./usr/lib/$arch/cmake/reportgen/reportgenConfig.cmake" \
  "./usr/lib/$arch/pkgconfig/reportgen.pc" "./usr/lib/$arch/pkgconfig/reportgen-mock.pc" \
  '!./usr/bin/reportgen'
dpkg-deb -x "$cli" "$work/root"
"$work/root/usr/bin/reportgen" --version > "$work/version"
grep -q "reportgen [0-9]" "$work/version"
gzip -t "$work/root/usr/share/man/man1/reportgen.1.gz"
zcat "$work/root/usr/share/man/man1/reportgen.1.gz" > "$work/man"
grep -q "^\.TH REPORTGEN 1" "$work/man"
# Every command has its synopsis and section (batch and mock-server too).
for section in OPTIONS BATCH "MOCK SERVER"; do grep -q "^\.SH $section" "$work/man"; done
grep -q "^\.B reportgen batch" "$work/man"
bash -c "source '$work/root/usr/share/bash-completion/completions/reportgen' && complete -p reportgen" >/dev/null
echo "packages $(basename "$cli") and $(basename "$dev") list and run"
