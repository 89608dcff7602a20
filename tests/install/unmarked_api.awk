# tests/install/check_install.sh: public declarations of the installed headers
# (libreportgen.so's API) that lack REPORTGEN_API, which would be hidden.
# Prints public declarations in a header that lack REPORTGEN_API: classes
# and structs defined at namespace scope (column 0), and free functions
# declared (not defined) at column 0, possibly over several lines. A leading
# [[nodiscard]] is read past: REPORTGEN_API must follow it.
function report(line) { printf "%s:%d: %s\n", FILENAME, start, line; bad = 1 }
FNR == 1 { pending = "" }
{ decl = $0; sub(/^\[\[nodiscard\]\] /, "", decl) }
pending != "" {
    pending = pending " " $0
    if ($0 ~ /\{/) { pending = ""; next }
    if ($0 ~ /;/) { report(first); pending = ""; }
    next
}
decl ~ /^(class|struct) [A-Za-z_]+( final)?( : [^{]*)? \{/ { start = FNR; report($0); next }
decl ~ /^[A-Za-z]/ && decl ~ /\(/ && decl !~ /^(inline|constexpr|consteval|namespace|struct|class|enum|using|template|static|extern|typedef|return|REPORTGEN_API)[ (]/ && decl !~ /\{ *$/ {
    start = FNR; first = $0
    if ($0 ~ /\{/) next
    if ($0 ~ /;/) { report($0); next }
    pending = $0
}
END { exit bad }
