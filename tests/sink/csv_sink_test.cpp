#include <catch2/catch.hpp>

#include <array>
#include <string>
#include <vector>

#include "reportgen/error.hpp"
#include "reportgen/sinks.hpp"
#include "reportgen/time.hpp"
#include "support/files.hpp"

using namespace reportgen;
using reportgen::test::parse_csv;
using reportgen::test::Record;

namespace {

// Records every chunk handed over and whether close() was called.
class RecordingSink final : public ByteSink {
  public:
    void write(std::string_view b) override {
        chunks.push_back(b.size());
        data.append(b);
    }
    void close() override { ++closes; }
    uint64_t bytes_in() const override { return data.size(); }
    std::string data;
    std::vector<std::size_t> chunks;
    int closes = 0;
};

const std::string kBom = "\xEF\xBB\xBF";

std::string write_csv(const std::vector<std::string_view>& header,
                      const std::vector<std::vector<Cell>>& rows, CsvOptions opt = {}) {
    StringByteSink out;
    CsvSink csv(out, opt);
    csv.begin(header);
    for (const auto& r : rows)
        csv.row({r, false});
    csv.finish();
    return out.str();
}

std::string strip_bom(const std::string& s) {
    REQUIRE(s.compare(0, 3, kBom) == 0);
    return s.substr(3);
}

}  // namespace

TEST_CASE("CsvSink writes header and typed rows, RFC 4180 with BOM and CRLF", "[csv]") {
    const std::vector<std::string_view> header = {"Empleado", "Tipo ID",   "Nº ID",
                                                  "Fecha",    "Actividad", "Grupo",
                                                  "Entrada",  "Salida",    "Tiempo Registrado"};
    const int64_t day = days_from_civil({2024, 1, 15});
    const std::vector<std::vector<Cell>> rows = {
        {Cell::str("José Ñúñez Pérez"), Cell::str("dni"), Cell::str("12345678Z"), Cell::date(day),
         Cell::str("Registro normal"), Cell::str("Sin Grupo"), Cell::time(8 * 3600),
         Cell::time(14 * 3600 + 30 * 60), Cell::duration(6 * 3600 + 30 * 60)},
        {Cell::str("José Ñúñez Pérez"), Cell::str("dni"), Cell::str("12345678Z"), Cell::date(day),
         Cell::str("TOTAL"), Cell::str(""), Cell::empty(), Cell::empty(),
         Cell::duration(31 * 3600 + 5 * 60)},
    };
    const std::string csv = write_csv(header, rows);

    CHECK(csv.compare(0, 3, kBom) == 0);
    const std::string body = strip_bom(csv);
    CHECK(body.substr(body.size() - 2) == "\r\n");
    const auto recs = parse_csv(body);
    REQUIRE(recs.size() == 3);
    CHECK(recs[0] == Record(header.begin(), header.end()));
    CHECK(recs[1] == Record{"José Ñúñez Pérez", "dni", "12345678Z", "15/01/2024", "Registro normal",
                            "Sin Grupo", "08:00:00", "14:30:00", "06:30:00"});
    CHECK(recs[2] == Record{"José Ñúñez Pérez", "dni", "12345678Z", "15/01/2024", "TOTAL", "", "",
                            "", "31:05:00"});
    // Exact bytes of one record: nothing quoted that need not be.
    CHECK(body.find("José Ñúñez Pérez,dni,12345678Z,15/01/2024,Registro normal,Sin Grupo,"
                    "08:00:00,14:30:00,06:30:00\r\n") != std::string::npos);
}

TEST_CASE("CsvSink quotes delimiters, quotes, CR and LF", "[csv]") {
    const std::vector<std::string> texts = {"Pérez, Ana",
                                            "Juan \"el Rápido\" Gil",
                                            "line1\nline2",
                                            "line1\r\nline2",
                                            "cr\rhere",
                                            "\"",
                                            ",",
                                            "",
                                            "a;b",
                                            "  spaced  ",
                                            "\"quoted\"",
                                            "trailing,",
                                            "日本語テキスト"};
    std::vector<Cell> cells;
    for (const auto& t : texts)
        cells.push_back(Cell::str(t));

    SECTION("comma delimiter") {
        const std::string body = strip_bom(write_csv({}, {cells}));
        const auto recs = parse_csv(body);
        REQUIRE(recs.size() == 2);  // the empty header line, then the row
        CHECK(recs[1] == Record(texts.begin(), texts.end()));
        CHECK(body.find("\"Pérez, Ana\"") != std::string::npos);
        CHECK(body.find("\"Juan \"\"el Rápido\"\" Gil\"") != std::string::npos);
        CHECK(body.find(",a;b,") != std::string::npos);  // ';' is plain text here
        CHECK(body.find("\"line1\r\nline2\"") != std::string::npos);
    }
    SECTION("semicolon delimiter") {
        CsvOptions opt;
        opt.delimiter = ';';
        const std::string body = strip_bom(write_csv({"a,b", "c;d"}, {cells}, opt));
        const auto recs = parse_csv(body, ';');
        REQUIRE(recs.size() == 2);
        CHECK(recs[0] == Record{"a,b", "c;d"});
        CHECK(recs[1] == Record(texts.begin(), texts.end()));
        CHECK(body.rfind("a,b;\"c;d\"\r\n", 0) == 0);  // comma unquoted, ';' quoted
        CHECK(body.find(";\"a;b\";") != std::string::npos);
    }
}

TEST_CASE("CsvSink BOM can be turned off", "[csv]") {
    CsvOptions opt;
    opt.bom = false;
    const std::string csv = write_csv({"x"}, {{Cell::str("é")}}, opt);
    CHECK(csv == "x\r\né\r\n");
    CsvOptions with;
    CHECK(write_csv({"x"}, {{Cell::str("é")}}, with) == kBom + "x\r\né\r\n");
}

TEST_CASE("CsvSink formula guard", "[csv]") {
    const std::vector<std::string> triggers = {"=SUM(A1:A2)", "+34 600 000 000", "-5",
                                               "@cmd",        "\tTAB",           "\rCR"};
    const std::vector<std::string> harmless = {"a=b", " =x", "José", "", "1+1"};
    std::vector<Cell> cells;
    for (const auto& t : triggers)
        cells.push_back(Cell::str(t));
    for (const auto& t : harmless)
        cells.push_back(Cell::str(t));
    // Our own renderings are never guarded, even a (contract-breaking)
    // negative duration that starts with '-'.
    cells.push_back(Cell::duration(-5));
    cells.push_back(Cell::time(0));

    SECTION("on by default, on every trigger character, header included") {
        const auto recs = parse_csv(strip_bom(write_csv({"=cmd|' /C calc'!A0", "ok"}, {cells})));
        REQUIRE(recs.size() == 2);
        CHECK(recs[0] == Record{"'=cmd|' /C calc'!A0", "ok"});
        Record want;
        for (const auto& t : triggers)
            want.push_back("'" + t);
        for (const auto& t : harmless)
            want.push_back(t);
        want.push_back("-00:00:05");
        want.push_back("00:00:00");
        CHECK(recs[1] == want);
    }
    SECTION("off switch") {
        CsvOptions opt;
        opt.formula_guard = false;
        const auto recs = parse_csv(strip_bom(write_csv({"=x"}, {cells}, opt)));
        REQUIRE(recs.size() == 2);
        CHECK(recs[0] == Record{"=x"});
        Record want(triggers.begin(), triggers.end());
        want.insert(want.end(), harmless.begin(), harmless.end());
        want.push_back("-00:00:05");
        want.push_back("00:00:00");
        CHECK(recs[1] == want);
    }
}

TEST_CASE("CsvSink hands big chunks to the byte sink and matches a reference rendering", "[csv]") {
    // A slow, obviously right rendering to compare the fast path with.
    const auto reference = [](const std::vector<Cell>& cells) {
        std::string line;
        for (std::size_t i = 0; i < cells.size(); ++i) {
            if (i) line += ',';
            const Cell& c = cells[i];
            switch (c.type) {
                case CellType::empty:
                    break;
                case CellType::text: {
                    std::string t(c.text);
                    if (!t.empty() && std::string("=+-@\t\r").find(t[0]) != std::string::npos) {
                        t = "'" + t;
                    }
                    if (t.find_first_of(",\"\r\n") != std::string::npos) {
                        std::string q = "\"";
                        for (char ch : t) {
                            q += ch;
                            if (ch == '"') q += '"';
                        }
                        t = q + "\"";
                    }
                    line += t;
                    break;
                }
                case CellType::date:
                    line += format_date(c.value);
                    break;
                case CellType::time:
                    line += format_time(c.value);
                    break;
                case CellType::duration:
                case CellType::signed_duration:
                    line += format_duration(c.value);
                    break;
                case CellType::integer:
                    line += std::to_string(c.value);
                    break;
            }
        }
        return line + "\r\n";
    };

    const std::array<std::string, 6> names = {"Ana García", "Pérez, Luis", "O\"Brien",
                                              "-guion",     "Zoë",         "multi\nline"};
    RecordingSink out;
    CsvSink csv(out);
    std::string want = kBom + "a,b,c,d,e,f,g,h,i\r\n";
    const std::vector<std::string_view> header = {"a", "b", "c", "d", "e", "f", "g", "h", "i"};
    csv.begin(header);
    const int64_t day0 = days_from_civil({2024, 1, 1});
    const int n = 60000;
    for (int i = 0; i < n; ++i) {
        const std::string id = std::to_string(i * 7919);
        std::vector<Cell> cells = {
            Cell::str(names[static_cast<std::size_t>(i) % names.size()]),
            Cell::str("dni"),
            Cell::str(id),
            Cell::date(day0 + i / 1000),
            Cell::str(i % 3 ? "Registro normal" : "=HYPERLINK()"),
            i % 5 ? Cell::str("Sin Grupo") : Cell::empty(),
            Cell::time(i % 86400),
            i % 11 ? Cell::time((i * 13) % 86400) : Cell::empty(),
            Cell::duration(static_cast<int64_t>(i) * 37),
        };
        csv.row({cells, i % 10 == 9});
        want += reference(cells);
    }
    CHECK(out.closes == 0);
    csv.finish();
    CHECK(out.closes == 1);
    REQUIRE(out.data.size() == want.size());
    CHECK(out.data == want);
    REQUIRE(out.chunks.size() > 2);
    for (std::size_t i = 0; i + 1 < out.chunks.size(); ++i) {
        INFO("chunk " << i);
        CHECK(out.chunks[i] >= 64u * 1024);
    }
    CHECK(parse_csv(strip_bom(out.data)).size() == static_cast<std::size_t>(n) + 1);
}

TEST_CASE("CsvSink handles a cell larger than its buffer", "[csv]") {
    std::string huge(3u << 20, 'x');
    for (std::size_t i = 0; i < huge.size(); i += 1000)
        huge[i] = '"';  // forces quoting
    const auto recs = parse_csv(
        strip_bom(write_csv({"h"}, {{Cell::str("a"), Cell::str(huge)}, {Cell::str("after")}})));
    REQUIRE(recs.size() == 3);
    CHECK(recs[1].size() == 2);
    CHECK(recs[1][1] == huge);
    CHECK(recs[2] == Record{"after"});
}

TEST_CASE("CsvSink finish() is idempotent and row() after it is refused", "[csv]") {
    RecordingSink out;
    CsvSink csv(out);
    csv.begin(std::vector<std::string_view>{"a"});
    csv.finish();
    csv.finish();
    CHECK(out.closes == 1);
    const std::vector<Cell> cells = {Cell::str("x")};
    CHECK_THROWS_AS(csv.row({cells, false}), Error);
}

TEST_CASE("CsvSink refuses a delimiter that cannot be quoted", "[csv]") {
    StringByteSink out;
    CsvOptions opt;
    opt.delimiter = '"';
    CHECK_THROWS_AS(CsvSink(out, opt), Error);
}

TEST_CASE("CsvSink reports a failed write as an io error", "[csv]") {
    FileByteSink file("/dev/full");
    CsvSink csv(file);
    csv.begin(std::vector<std::string_view>{"a", "b"});
    const std::vector<Cell> cells = {Cell::str("x"), Cell::duration(1)};
    for (int i = 0; i < 1000; ++i)
        csv.row({cells, false});
    try {
        csv.finish();
        FAIL("finish() did not throw");
    } catch (const Error& e) {
        CHECK(e.kind() == ErrorKind::io);
        CHECK_THAT(e.what(), Catch::Contains("/dev/full"));
    }
}

TEST_CASE("CsvSink writes integer cells as plain decimals", "[csv]") {
    const std::vector<std::string_view> header = {"a", "b", "c"};
    const std::vector<std::vector<Cell>> rows = {
        {Cell::integer(0), Cell::integer(42), Cell::integer(-7)},
        {Cell::integer(INT64_MAX), Cell::str("x"), Cell::integer(INT64_MIN)}};
    CHECK(strip_bom(write_csv(header, rows)) ==
          "a,b,c\r\n0,42,-7\r\n9223372036854775807,x,-9223372036854775808\r\n");
}

// The guard inside quoted cells, byte for byte: the quote opens the cell,
// then the guard, then the text with its quotes doubled (the "formula
// guard" test above parses the CSV back and has one quoted trigger only).
TEST_CASE("CsvSink formula guard in quoted cells, exact bytes", "[csv]") {
    CsvOptions opt;
    opt.bom = false;
    const std::string csv =
        write_csv({}, {{Cell::str("=HYPERLINK(\"http://x\")"), Cell::str("-1,5"),
                        Cell::str("@a\nb"), Cell::str("+1;2"), Cell::str("a,=b")}},
                  opt);
    CHECK(csv == "\r\n\"'=HYPERLINK(\"\"http://x\"\")\",\"'-1,5\",\"'@a\nb\",'+1;2,\"a,=b\"\r\n");
    opt.delimiter = ';';
    CHECK(write_csv({}, {{Cell::str("+1;2"), Cell::str("=x")}}, opt) == "\r\n\"'+1;2\";'=x\r\n");
    opt.formula_guard = false;
    CHECK(write_csv({}, {{Cell::str("+1;2"), Cell::str("=x")}}, opt) == "\r\n\"+1;2\";=x\r\n");
}

// A balance or a difference: a signed duration keeps its sign, as text
// that is no formula (numbers are never guarded: the guard is for text).
TEST_CASE("CsvSink writes signed durations with their sign", "[csv][signed]") {
    const std::string csv = strip_bom(write_csv(
        {"a", "b", "c", "d"},
        {{Cell::signed_duration(-(12 * 3600 + 30 * 60)), Cell::signed_duration(12 * 3600 + 30 * 60),
          Cell::signed_duration(0), Cell::signed_duration(-(100 * 3600 + 1))}}));
    CHECK(csv == "a,b,c,d\r\n-12:30:00,12:30:00,00:00:00,-100:00:01\r\n");
}
